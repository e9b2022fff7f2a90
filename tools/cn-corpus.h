/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* The labelled corpus (../shared/corpus), as the analyzer's tools read it:
 * its three files, record by record, each in the part of the split it
 * belongs to (tools/split-corpus.py, tests/bench/corpus-split.tsv). */

typedef enum {
  CN_CORPUS_TUNE,
  CN_CORPUS_TEST,
} CnCorpusPart;

/* Called for each record, in the files' order; returns FALSE with error set
 * to stop. */
typedef gboolean (*CnCorpusFunc) (JsonObject *record,
                                  CnCorpusPart part,
                                  const char *file,
                                  guint line,
                                  gpointer user_data,
                                  GError **error);

/* $CONNECTEUR_SHARED/corpus, or NULL. */
char *cn_corpus_default_dir (void);
/* Reads the split, then every record of the corpus in dir. A record in no
 * part, or a line that is not JSON, is an error naming its file and line. */
gboolean cn_corpus_foreach (
    const char *dir, const char *split_path, CnCorpusFunc func, gpointer user_data, GError **error);

G_END_DECLS
