/*
 * rg_text.h - bytes in any charset to clean, matchable UTF-8
 *
 * Everything the engine matches goes through here first: conversion from
 * the declared charset (invalid bytes become U+FFFD, never invalid UTF-8),
 * then normalisation (line ends, control characters and NUL, typographic
 * quotes and apostrophes, no-break and zero-width spaces), and clipping to
 * the scan limit on a character boundary.
 */
#ifndef RG_TEXT_H
#define RG_TEXT_H

#include <glib.h>

G_BEGIN_DECLS

char *rg_text_to_utf8(const char *data, gsize len, const char *charset,
                      const char *fallback, gsize *out_len);
char *rg_text_normalize(const char *utf8, gsize len, gsize limit,
                        gsize *out_len, gboolean *clipped);
char *rg_text_decode(const char *data, gsize len, const char *charset,
                     const char *fallback, gsize limit, gsize *out_len,
                     gboolean *clipped);
gsize rg_text_clip(const char *utf8, gsize len, gsize limit);
gsize rg_text_line_of(const char *text, gsize offset);

G_END_DECLS

#endif
