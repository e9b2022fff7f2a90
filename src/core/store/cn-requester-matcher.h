/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Who sent a request, among the requesters it is given: the one of the same
 * profile URL, else of the same e-mail address (ASCII case ignored, as
 * SQLite's NOCASE), else of the same name when nothing known tells them apart
 * (one has an e-mail address and the other another, or two profiles); the
 * oldest (smallest id) when several match.
 *
 * The rule is written here only: cn_store_ensure_requester() gives it the
 * requesters that share a key with the request, an import gives it all of
 * them once. No I/O; not thread-safe. */
typedef struct _CnRequesterMatcher CnRequesterMatcher;

CnRequesterMatcher *cn_requester_matcher_new (void);
void cn_requester_matcher_free (CnRequesterMatcher *matcher);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CnRequesterMatcher, cn_requester_matcher_free)

/* A requester as stored (NULL: none), in any order. */
void cn_requester_matcher_add (CnRequesterMatcher *matcher,
                               gint64 id,
                               const char *name,
                               const char *email,
                               const char *profile_url);

/* The id of the requester who sent a request from @name, @email and
 * @profile_url (NULL or empty: unknown), or 0. @out_incomplete (may be NULL):
 * whether the request brings an e-mail address or a profile URL the
 * requester lacks, to be stored and given to cn_requester_matcher_complete(). */
gint64 cn_requester_matcher_find (CnRequesterMatcher *matcher,
                                  const char *name,
                                  const char *email,
                                  const char *profile_url,
                                  gboolean *out_incomplete);

/* Requester @id, the one cn_requester_matcher_find() just gave, now has
 * @email and @profile_url where it had none. */
void cn_requester_matcher_complete (CnRequesterMatcher *matcher,
                                    gint64 id,
                                    const char *email,
                                    const char *profile_url);

G_END_DECLS
