/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Message text as LinkedIn exports it: HTML-ish. Tags out (<br> and block
 * ends become line breaks), entities decoded, blank runs collapsed. */
char *_cn_linkedin_decode_html (const char *text);
/* Who a message asks to be introduced to, when it says so plainly
 * ("introduce me to Amélie Poulain", "mettre en relation avec Paul Roux"):
 * the capitalised words after the phrase; NULL when none. */
char *_cn_linkedin_target_hint (const char *text);
/* The text of @string at its size (a GString holds a power of two, twice
 * what an import's notes need); @string is freed. */
char *_cn_linkedin_take_text (GString *string);

G_END_DECLS
