/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* A note folded once for matching: lower case, accents removed, typographic
 * punctuation made plain, with a map from every folded byte back to the
 * character it came from, then cut into words. Internal to the analyzer. */

typedef enum {
  CN_TOKEN_NUMBER = 1 << 0,   /* only digits */
  CN_TOKEN_SENTENCE = 1 << 1, /* first word of a sentence or line */
} CnTokenFlags;

typedef struct
{
  guint32 start; /* byte offset in the folded text */
  guint16 len;   /* bytes; longer words are cut at 65535 */
  guint16 flags; /* CnTokenFlags */
  guint32 hash;  /* cn_text_hash() of the word */
} CnToken;

typedef struct
{
  char *folded;
  gsize folded_len;
  guint32 *char_of_byte; /* folded byte → character index in the original */
  guint32 *byte_of_char; /* character index → byte offset in the original (n_chars + 1) */
  guint n_chars;
  CnToken *tokens;
  guint n_tokens;
} CnText;

/* text must be valid UTF-8 (len may be -1). */
void cn_text_init (CnText *text, const char *utf8, gssize len);
void cn_text_clear (CnText *text);

/* The character span covered by tokens [first, last]. */
void cn_text_token_chars (const CnText *text, guint first, guint last, guint *start, guint *end);

static inline const char *
cn_text_token_str (const CnText *text, guint i)
{
  return text->folded + text->tokens[i].start;
}

guint32 cn_text_hash (const char *str, gsize len);

G_END_DECLS
