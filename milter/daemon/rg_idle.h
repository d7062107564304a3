/*
 * rg_idle.h - closes milter sessions that stay silent for idle-timeout
 * (libmilter's worker pool never does); see rg_idle.c
 */
#ifndef RG_IDLE_H
#define RG_IDLE_H

#include <glib.h>
#include <libmilter/mfapi.h>

void rg_idle_start(guint seconds);
void rg_idle_stop(void);
void rg_idle_listener_thread(void);
void rg_idle_touch(SMFICTX *ctx);
void rg_idle_enter(SMFICTX *ctx);
void rg_idle_leave(SMFICTX *ctx);
void rg_idle_forget(SMFICTX *ctx);

#endif
