/* SPDX-License-Identifier: GPL-3.0-or-later */

/* corrections: every request the connector corrected, as a record of the
 * evaluation corpus (shared/corpus/README.md), so that the output can be
 * appended to it: the note to the contact, the corpus's nine labels as the
 * analyzer found them with the connector's corrections over them, and the
 * corpus's two-way verdict. */

#include "config.h"

#include <stdlib.h>

#include <glib/gi18n.h>

#include "cn-analysis-queue.h"
#include "cn-cli-private.h"
#include "cn-store-corrections.h"

/* The corpus's labels, in its order: six elements, then three flags. */
static const CnElement label_elements[] = {
  CN_ELEMENT_SELF_INTRO, CN_ELEMENT_OBJECTIVE,    CN_ELEMENT_SPECIFIC_ASK,
  CN_ELEMENT_WHY_YOU,    CN_ELEMENT_EFFORT_BOUND, CN_ELEMENT_PERSONALISED,
};
static const CnFlag label_flags[] = {
  CN_FLAG_GENERIC_TEMPLATE,
  CN_FLAG_PUSHY,
  CN_FLAG_SALES_PITCH,
};

/* "Corrected by the connector: objective present, pushy dismissed": data
 * for the corpus, in its language (English), not the interface's. */
static char *
describe_corrections (GArray *corrections)
{
  GString *out = g_string_new ("Corrected by the connector: ");

  for (guint i = 0; i < corrections->len; i++)
    {
      const CnCorrection *c = &g_array_index (corrections, CnCorrection, i);

      if (i > 0)
        g_string_append (out, ", ");
      g_string_append_printf (out, "%s %s",
                              c->is_flag ? cn_flag_to_string (c->item)
                                         : cn_element_to_string (c->item),
                              cn_correction_kind_to_string (c->kind));
    }
  return g_string_free (out, FALSE);
}

static void
append_bool (GString *out, const char *key, gboolean value, gboolean first)
{
  g_string_append (out, first ? "\"" : ",\"");
  g_string_append (out, key);
  g_string_append (out, value ? "\":true" : "\":false");
}

static void
append_record (GString *out, CnRequest *request, CnAnalysis *analysis, GArray *corrections)
{
  g_autofree char *id = g_strdup_printf ("connecteur-%" G_GINT64_FORMAT,
                                         cn_request_get_id (request));
  g_autofree char *reason = describe_corrections (corrections);
  const char *text = cn_request_get_note_to_target (request);

  g_string_append (out, "{\"id\":");
  _cn_cli_append_json_string (out, id);
  g_string_append (out, ",\"lang\":");
  _cn_cli_append_json_string (out, cn_analysis_get_lang (analysis));
  g_string_append (out, ",\"source\":\"connecteur\",\"kind\":\"to_target\",\"text\":");
  _cn_cli_append_json_string (out, text != NULL ? text : "");
  g_string_append (out, ",\"labels\":{");
  for (guint i = 0; i < G_N_ELEMENTS (label_elements); i++)
    append_bool (out, cn_element_to_string (label_elements[i]),
                 cn_analysis_has_element (analysis, label_elements[i]), i == 0);
  for (guint i = 0; i < G_N_ELEMENTS (label_flags); i++)
    append_bool (out, cn_flag_to_string (label_flags[i]),
                 cn_analysis_has_flag (analysis, label_flags[i]), FALSE);
  g_string_append (out, "},\"verdict\":");
  _cn_cli_append_json_string (out, cn_analysis_get_verdict (analysis) == CN_VERDICT_MOTIVATED
                                       ? "motivated"
                                       : "unmotivated");
  g_string_append (out, ",\"reason\":");
  _cn_cli_append_json_string (out, reason);
  g_string_append (out, ",\"provenance\":\"received_real\"");
  append_bool (out, "has_placeholders", cn_analysis_has_flag (analysis, CN_FLAG_PLACEHOLDERS),
               FALSE);
  g_string_append (out, ",\"notes\":\"Exported by connecteur-cli corrections: the analyzer's "
                        "labels with the connector's corrections over them.\"}\n");
}

int
_cn_cli_command_corrections (CnStore *store, CnCliOptions *options, char **args)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GArray) ids = NULL;
  g_autoptr (GString) out = g_string_new (NULL);
  CnAnalyzer *analyzer = cn_analyzer_get_default ();

  ids = cn_store_list_corrected_request_ids (store, &error);
  if (ids == NULL)
    {
      g_printerr ("%s: %s\n", g_get_prgname (), error->message);
      return EXIT_FAILURE;
    }

  for (guint i = 0; i < ids->len; i++)
    {
      gint64 id = g_array_index (ids, gint64, i);
      g_autoptr (CnRequest) request = cn_store_get_request (store, id, NULL);
      g_autoptr (CnContact) contact = NULL;
      g_autoptr (CnAnalysis) raw = NULL;
      g_autoptr (CnAnalysis) analysis = NULL;
      g_autoptr (GArray) corrections = NULL;
      CnAnalysisInput input;

      if (request == NULL)
        continue;
      /* Read only: the export never writes the database. */
      cn_store_get_analysis_input (store, request, &input, &contact);
      raw = cn_analyzer_analyze (analyzer, &input, &error);
      if (raw == NULL)
        {
          g_autofree char *number = g_strdup_printf ("%" G_GINT64_FORMAT, id);

          /* Translators: the first %s is the program's name, the second a request's
           * number, the third why it could not be read */
          g_printerr (_("%s: request %s left out: %s\n"), g_get_prgname (), number,
                         error->message);
          g_clear_error (&error);
          continue;
        }
      analysis = cn_store_apply_corrections (store, id, raw);
      corrections = cn_store_list_corrections (store, id, NULL);
      append_record (out, request, analysis, corrections);
      if (out->len > CN_CLI_FLUSH_SIZE)
        {
          if (!_cn_cli_write_stdout (out))
            return EXIT_FAILURE;
          g_string_truncate (out, 0);
        }
    }

  return _cn_cli_write_stdout (out) ? EXIT_SUCCESS : EXIT_FAILURE;
}
