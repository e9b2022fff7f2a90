/* SPDX-License-Identifier: GPL-3.0-or-later */

/* The formats' names, the records the readers make, the batch they fill and
 * the report an import gives back. */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "cn-import.h"
#include "cn-outside-text.h"

static const char *const format_names[] = {
  [CN_IMPORT_FORMAT_UNKNOWN] = "auto", [CN_IMPORT_FORMAT_LINKEDIN] = "linkedin",
  [CN_IMPORT_FORMAT_VCARD] = "vcard",  [CN_IMPORT_FORMAT_CSV] = "csv",
  [CN_IMPORT_FORMAT_MAIL] = "mail",
};

const char *
cn_import_format_to_string (CnImportFormat format)
{
  if ((guint) format >= G_N_ELEMENTS (format_names))
    return NULL;
  return format_names[format];
}

/* "auto" gives UNKNOWN: detect from the content. */
gboolean
cn_import_format_from_string (const char *str, CnImportFormat *out_format)
{
  if (str == NULL)
    return FALSE;
  for (guint i = 0; i < G_N_ELEMENTS (format_names); i++)
    {
      if (g_ascii_strcasecmp (str, format_names[i]) == 0)
        {
          if (out_format != NULL)
            *out_format = (CnImportFormat) i;
          return TRUE;
        }
    }
  return FALSE;
}

CnImportContact *
cn_import_contact_new (void)
{
  return g_new0 (CnImportContact, 1);
}

void
cn_import_contact_free (CnImportContact *contact)
{
  if (contact == NULL)
    return;
  g_free (contact->name);
  g_free (contact->email);
  g_free (contact->profile_url);
  g_free (contact->company);
  g_free (contact->position);
  g_strfreev (contact->expertise);
  g_free (contact->notes);
  g_free (contact->file);
  g_free (contact);
}

CnImportRequest *
cn_import_request_new (void)
{
  return g_new0 (CnImportRequest, 1);
}

void
cn_import_request_free (CnImportRequest *request)
{
  if (request == NULL)
    return;
  g_free (request->requester_name);
  g_free (request->requester_email);
  g_free (request->requester_profile_url);
  g_free (request->target_hint);
  g_free (request->note_to_connector);
  g_free (request->note_to_target);
  g_free (request->source);
  g_free (request->source_ref);
  g_free (request->file);
  g_free (request);
}

void
cn_import_rejection_free (CnImportRejection *rejection)
{
  if (rejection == NULL)
    return;
  g_free (rejection->file);
  g_free (rejection->reason);
  g_free (rejection);
}

void
cn_import_duplicate_free (CnImportDuplicate *duplicate)
{
  if (duplicate == NULL)
    return;
  g_free (duplicate->reason);
  g_free (duplicate);
}

CnImportBatch *
cn_import_batch_new (void)
{
  CnImportBatch *batch = g_new0 (CnImportBatch, 1);
  batch->contacts = g_ptr_array_new_with_free_func ((GDestroyNotify) cn_import_contact_free);
  batch->requests = g_ptr_array_new_with_free_func ((GDestroyNotify) cn_import_request_free);
  batch->rejections = g_ptr_array_new_with_free_func ((GDestroyNotify) cn_import_rejection_free);
  return batch;
}

void
cn_import_batch_free (CnImportBatch *batch)
{
  if (batch == NULL)
    return;
  g_clear_pointer (&batch->contacts, g_ptr_array_unref);
  g_clear_pointer (&batch->requests, g_ptr_array_unref);
  g_clear_pointer (&batch->rejections, g_ptr_array_unref);
  g_free (batch);
}

/* Replaces *@field by its one-line form (see cn-outside-text.h). */
static void
single_line (char **field)
{
  char *clean = cn_outside_text_single_line (*field);

  g_free (*field);
  *field = clean;
}

void
cn_import_batch_add_contact (CnImportBatch *batch, CnImportContact *contact)
{
  g_return_if_fail (batch != NULL && contact != NULL);

  /* Every reader's one-line fields, the same way: a name may come with a
   * line break (RFC 2047) or a bidi override. */
  single_line (&contact->name);
  single_line (&contact->email);
  single_line (&contact->profile_url);
  single_line (&contact->company);
  single_line (&contact->position);
  if (contact->name == NULL)
    {
      cn_import_batch_reject (batch, contact->file, contact->line, "%s", _("no name"));
      cn_import_contact_free (contact);
      return;
    }
  g_ptr_array_add (batch->contacts, contact);
}

void
cn_import_batch_add_request (CnImportBatch *batch, CnImportRequest *request)
{
  g_return_if_fail (batch != NULL && request != NULL);

  single_line (&request->requester_name);
  single_line (&request->requester_email);
  single_line (&request->requester_profile_url);
  single_line (&request->target_hint);
  if (request->requester_name == NULL)
    request->requester_name = g_strdup (request->requester_email);
  if (request->requester_name == NULL)
    {
      cn_import_batch_reject (batch, request->file, request->line, "%s", _("no sender"));
      cn_import_request_free (request);
      return;
    }
  g_ptr_array_add (batch->requests, request);
}

void
cn_import_batch_reject (CnImportBatch *batch, const char *file, guint line, const char *format, ...)
{
  g_return_if_fail (batch != NULL && format != NULL);
  CnImportRejection *rejection = g_new0 (CnImportRejection, 1);
  va_list args;
  va_start (args, format);
  rejection->reason = g_strdup_vprintf (format, args);
  va_end (args);
  rejection->file = g_strdup (file);
  rejection->line = line;
  g_ptr_array_add (batch->rejections, rejection);
}

/* Records held before they are written: enough for the store's statements
 * of many rows, few enough to weigh nothing. */
#define FLUSH_SIZE 4096

gboolean
cn_import_batch_flush (CnImportBatch *batch, gboolean no_more_contacts, GError **error)
{
  g_return_val_if_fail (batch != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (batch->flush == NULL ||
      (batch->contacts->len < FLUSH_SIZE && batch->requests->len < FLUSH_SIZE))
    return TRUE;
  return batch->flush (batch, no_more_contacts, batch->flush_data, error);
}

void
cn_import_report_free (CnImportReport *report)
{
  if (report == NULL)
    return;
  g_clear_pointer (&report->rejections, g_ptr_array_unref);
  g_clear_pointer (&report->duplicates, g_ptr_array_unref);
  g_free (report);
}
