/*
 * rg_desk_html.h - escaping what the desk shows in HTML and CSV
 */
#ifndef RG_DESK_HTML_H
#define RG_DESK_HTML_H

#include <glib.h>

G_BEGIN_DECLS

void rg_desk_html_append(GString *out, const char *text, gssize len);
char *rg_desk_html_escape(const char *text);
void rg_desk_csv_append(GString *out, const char *field);

G_END_DECLS

#endif
