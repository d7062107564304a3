# Build options gathered in one place.
#   ENABLE_WERROR      warnings are errors (CI builds with it)
#   ENABLE_SANITIZERS  AddressSanitizer + UndefinedBehaviorSanitizer
#   ENABLE_FUZZING     libFuzzer harnesses (needs clang)
#   ENABLE_VECTORSCAN  prefilter with Vectorscan when installed (default ON)
option(ENABLE_WERROR "Treat compiler warnings as errors" OFF)
option(ENABLE_SANITIZERS "Build with ASan and UBSan" OFF)
option(ENABLE_FUZZING "Build the libFuzzer harnesses (clang)" OFF)
option(ENABLE_VECTORSCAN "Prefilter with Vectorscan when it is installed" ON)

set(CMAKE_C_STANDARD 11)
set(CMAKE_C_STANDARD_REQUIRED ON)
set(CMAKE_C_EXTENSIONS ON)
set(CMAKE_EXPORT_COMPILE_COMMANDS ON)
if(NOT CMAKE_BUILD_TYPE AND NOT CMAKE_CONFIGURATION_TYPES)
    set(CMAKE_BUILD_TYPE RelWithDebInfo CACHE STRING "Build type" FORCE)
endif()

include(CheckCCompilerFlag)
set(RG_WARNINGS -Wall -Wextra -Wshadow -Wformat=2 -Wstrict-prototypes
    -Wmissing-prototypes -Wpointer-arith -Wcast-align -Wvla)
foreach(flag IN LISTS RG_WARNINGS)
    string(MAKE_C_IDENTIFIER "HAVE${flag}" var)
    check_c_compiler_flag(${flag} ${var})
    if(${var})
        add_compile_options(${flag})
    endif()
endforeach()
if(ENABLE_WERROR)
    add_compile_options(-Werror)
endif()

if(ENABLE_SANITIZERS)
    add_compile_options(-fsanitize=address,undefined -fno-omit-frame-pointer
        -fno-sanitize-recover=all)
    add_link_options(-fsanitize=address,undefined)
endif()

if(ENABLE_FUZZING)
    # coverage for libFuzzer in everything; the harnesses add -fsanitize=fuzzer
    add_compile_options(-fsanitize=fuzzer-no-link)
endif()
