/*
 * rg_http.h - the stats listener: /metrics and the check API
 */
#ifndef RG_HTTP_H
#define RG_HTTP_H

#include <glib.h>

G_BEGIN_DECLS

typedef struct RgHttp RgHttp;

RgHttp *rg_http_start(const char *listen, GError **error);
void rg_http_stop(RgHttp *http);

G_END_DECLS

#endif
