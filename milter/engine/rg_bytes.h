/*
 * rg_bytes.h - tests of eight bytes at a time in a 64-bit word
 *
 * Each test gives, per byte of w, its high bit set when that byte passes
 * and clear otherwise; no carry crosses bytes (every sum stays below
 * 0x100 in its byte), so the result is exact per byte, not only for the
 * word.  Words are loaded in memory order (byte 0 of the word is the
 * first byte of the text) whatever the machine's byte order.
 */
#ifndef RG_BYTES_H
#define RG_BYTES_H

#include <glib.h>
#include <string.h>

#define RG_ONES G_GUINT64_CONSTANT(0x0101010101010101)
#define RG_HIGH (RG_ONES * 0x80)

/* rg_bytes_load - the eight bytes at p, byte 0 lowest */
static inline guint64 rg_bytes_load(const char *p)
{
    guint64 w;

    memcpy(&w, p, sizeof w);
    return GUINT64_FROM_LE(w);
}

/* rg_bytes_low_ge - bytes whose low seven bits are >= c (c <= 0x80) */
static inline guint64 rg_bytes_low_ge(guint64 w, guint c)
{
    return ((w & ~RG_HIGH) + RG_ONES * (0x80 - c)) & RG_HIGH;
}

/* rg_bytes_low_le - bytes whose low seven bits are <= c (c <= 0x7F) */
static inline guint64 rg_bytes_low_le(guint64 w, guint c)
{
    return ~((w & ~RG_HIGH) + RG_ONES * (0x7F - c)) & RG_HIGH;
}

/* rg_bytes_eq - bytes equal to c */
static inline guint64 rg_bytes_eq(guint64 w, guint c)
{
    const guint64 y = w ^ (RG_ONES * c);

    return ~(((y & ~RG_HIGH) + ~RG_HIGH) | y) & RG_HIGH;
}

/* rg_bytes_high - bytes past ASCII */
static inline guint64 rg_bytes_high(guint64 w)
{
    return w & RG_HIGH;
}

/* rg_bytes_first - the index of the first byte set in a test's result
 * (not 0) */
static inline guint rg_bytes_first(guint64 m)
{
    return (guint) __builtin_ctzll(m) >> 3;
}

/* rg_bytes_mask - a test's result as eight bits, bit i for byte i */
static inline guint rg_bytes_mask(guint64 m)
{
    return (guint) ((m * G_GUINT64_CONSTANT(0x0002040810204081)) >> 56);
}

#endif
