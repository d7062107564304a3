#!/bin/bash
# quickstart.sh demo|test - set up a fresh Debian 12 machine and run replyguard
#
#   demo   install the packages, build, and show the main job: replyguard
#          in front of a private Postfix on loopback, sample replies sent
#          through it over SMTP and sendmail(1), each one's fate printed
#   test   install the packages, build warning-free (-Werror) and run every
#          test with ctest; then the same with ASan+UBSan; then build the
#          libFuzzer harnesses with clang and fuzz each for 60 s
#
# Run as root from anywhere; builds go to build/ and build-asan/ in the
# source tree.
set -eu
src=$(cd "$(dirname "$0")/.." && pwd)
packages="gcc make libc6-dev cmake pkg-config libmilter-dev libgmime-3.0-dev
    libpcre2-dev libglib2.0-dev libcmocka-dev libsoup-3.0-dev libjson-glib-dev
    curl postfix postfix-pcre swaks
    miltertest procps valgrind clang libclang-rt-14-dev"

install_packages() {
    local missing
    # shellcheck disable=SC2086
    missing=$(dpkg-query -W -f='${Status} ${Package}\n' $packages 2>&1 |
        grep -v '^install ok installed' || true)
    [ -z "$missing" ] && return 0
    if [ "$(id -u)" != 0 ]; then
        echo "quickstart: missing packages; run as root to install them:" >&2
        echo "$missing" >&2
        exit 1
    fi
    echo "postfix postfix/main_mailer_type select No configuration" |
        debconf-set-selections
    export DEBIAN_FRONTEND=noninteractive
    apt-get update
    # shellcheck disable=SC2086
    apt-get install -y --no-install-recommends $packages
}

build() {
    local dir=$1; shift
    cmake -S "$src" -B "$dir" "$@"
    cmake --build "$dir" -j"$(nproc)"
}

case ${1:-} in
demo)
    install_packages
    build "$src/build" -DCMAKE_BUILD_TYPE=RelWithDebInfo
    "$src/contrib/demo.sh" "$src/build"
    ;;
test)
    install_packages
    build "$src/build" -DENABLE_WERROR=ON -DBUILD_TESTING=ON
    ctest --test-dir "$src/build" --output-on-failure
    build "$src/build-asan" -DENABLE_WERROR=ON -DENABLE_SANITIZERS=ON -DBUILD_TESTING=ON
    ctest --test-dir "$src/build-asan" --output-on-failure
    CC=clang build "$src/build-fuzz" -DENABLE_FUZZING=ON -DENABLE_SANITIZERS=ON \
        -DBUILD_TESTING=ON
    ctest --test-dir "$src/build-fuzz" --output-on-failure -R '^fuzz\.'
    ;;
*)
    sed -n '3,11p' "$0" | sed 's/^# \{0,1\}//' >&2
    exit 64
    ;;
esac
