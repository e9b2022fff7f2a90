/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* A note folded once for matching (lower case, accents removed, typographic
 * punctuation made plain) and cut into words that remember where they are in
 * the original, in characters and in bytes. Internal to the analyzer. */

typedef enum {
  CN_TOKEN_NUMBER = 1 << 0,   /* only digits */
  CN_TOKEN_SENTENCE = 1 << 1, /* first word of a sentence or line */
} CnTokenFlags;

typedef struct
{
  guint32 start;      /* byte offset in the folded text */
  guint16 len;        /* bytes; longer words are cut at 65535 */
  guint16 flags;      /* CnTokenFlags */
  guint32 hash;       /* cn_text_hash() of the word */
  guint32 char_start; /* characters of the original, end exclusive */
  guint32 char_end;
  guint32 byte_start; /* bytes of the original, end exclusive */
  guint32 byte_end;
} CnToken;

typedef struct
{
  char *folded; /* followed by 8 zero bytes */
  gsize folded_len;
  guint n_chars; /* characters in the original */
  CnToken *tokens;
  guint n_tokens;
  gsize folded_size; /* allocated, kept by cn_text_reset() */
  guint tokens_size;
} CnText;

/* Folds and cuts text in one pass; text must be valid UTF-8 (len may be -1). */
void cn_text_init (CnText *text, const char *utf8, gssize len);
/* The same on a text already initialised, reusing its buffers. */
void cn_text_reset (CnText *text, const char *utf8, gssize len);
void cn_text_clear (CnText *text);

/* The character span covered by tokens [first, last]. */
static inline void
cn_text_token_chars (const CnText *text, guint first, guint last, guint *start, guint *end)
{
  *start = text->tokens[first].char_start;
  *end = text->tokens[last].char_end;
}

static inline const char *
cn_text_token_str (const CnText *text, guint i)
{
  return text->folded + text->tokens[i].start;
}

guint32 cn_text_hash (const char *str, gsize len);

G_END_DECLS
