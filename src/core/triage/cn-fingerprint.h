/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "cn-text.h"

G_BEGIN_DECLS

/* A note's fingerprint, as stored: compact and of fixed size, the same bytes
 * on every machine (little-endian). See cn-fingerprint.c for the method and
 * the measurements behind its parameters. */
#define CN_FINGERPRINT_SIZE 72 /* bytes; see cn_fingerprint_compute() */

typedef struct
{
  guint8 data[CN_FINGERPRINT_SIZE];
} CnFingerprint;

/* Min-hash values in a fingerprint, and how they are cut into bands for the
 * locality-sensitive index. */
#define CN_FINGERPRINT_N_HASHES 64 /* 8 bits each, stored */
#define CN_FINGERPRINT_BAND_ROWS 4
#define CN_FINGERPRINT_N_BANDS (CN_FINGERPRINT_N_HASHES / CN_FINGERPRINT_BAND_ROWS)

/* target_name (may be NULL) is taken out of the note first, so that the
 * same text with another contact's name inserted matches. */
void cn_fingerprint_compute (CnFingerprint *fingerprint, const char *note, const char *target_name);
/* The same, also taking out the requester's name (a signature); both names
 * may be NULL. */
void cn_fingerprint_compute_full (CnFingerprint *fingerprint,
                                  const char *note,
                                  const char *target_name,
                                  const char *requester_name);
/* The same from the note already folded and cut (cn_text_init() of the whole
 * note, valid UTF-8): a caller that folded it for the analyzer does not fold
 * it twice. */
void cn_fingerprint_compute_text (CnFingerprint *fingerprint,
                                  const CnText *text,
                                  const char *target_name,
                                  const char *requester_name);
/* Estimated similarity of two notes, 0.0–1.0. */
double cn_fingerprint_similarity (const CnFingerprint *a, const CnFingerprint *b);
/* TRUE when the two notes are copies of one text, by the triage's rule. */
gboolean cn_fingerprint_matches (const CnFingerprint *a, const CnFingerprint *b);

/* FALSE for a note too short (or empty) to be compared with others: such a
 * note never matches and never forms a campaign. */
gboolean cn_fingerprint_is_comparable (const CnFingerprint *fingerprint);
/* Words left once greeting, names and signature are taken out. */
guint cn_fingerprint_get_n_words (const CnFingerprint *fingerprint);
/* Hash of the normalised words: equal for copies that differ only in
 * greeting, names, signature, punctuation, case and accents. */
guint32 cn_fingerprint_get_exact_hash (const CnFingerprint *fingerprint);
/* Keys for the index: one per band of min-hash values, then the exact
 * hash's. keys must hold CN_FINGERPRINT_N_BANDS + 1 values. */
void cn_fingerprint_get_keys (const CnFingerprint *fingerprint, guint64 *keys);
#define CN_FINGERPRINT_N_KEYS (CN_FINGERPRINT_N_BANDS + 1)
/* Whether key number key (0 to CN_FINGERPRINT_N_KEYS - 1) of a and b is made
 * of the same values: the same key, without its chance collisions. */
gboolean cn_fingerprint_same_key (const CnFingerprint *a, const CnFingerprint *b, guint key);

G_END_DECLS
