/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <string.h>

#include "cn-contact.h"
#include "cn-text.h"

struct _CnContact
{
  GObject parent_instance;

  gint64 id;
  char *name;
  char *email;
  char *profile_url;
  char *company;
  char *position;
  char **expertise;
  CnRequestKind accepted_kinds;
  CnAvailability availability;
  char *away_until;
  guint monthly_cap;
  CnTieStrength tie_strength;
  CnRegister address_form; /* how French texts to them address them */
  char *notes;

  char *search_text; /* folded name, company, position, e-mail and tags; built on need */
};

G_DEFINE_FINAL_TYPE (CnContact, cn_contact, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_NAME,
  PROP_EMAIL,
  PROP_PROFILE_URL,
  PROP_COMPANY,
  PROP_POSITION,
  PROP_EXPERTISE,
  PROP_ACCEPTED_KINDS,
  PROP_AVAILABILITY,
  PROP_AWAY_UNTIL,
  PROP_MONTHLY_CAP,
  PROP_TIE_STRENGTH,
  PROP_ADDRESS_FORM,
  PROP_NOTES,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Replaces *field with a copy of value; TRUE when the text really changed. */
static gboolean
replace_string (char **field, const char *value)
{
  if (g_strcmp0 (*field, value) == 0)
    return FALSE;

  g_free (*field);
  *field = g_strdup (value);
  return TRUE;
}

static void
set_string_prop (CnContact *self, char **field, const char *value, guint prop_id)
{
  if (replace_string (field, value))
    {
      g_clear_pointer (&self->search_text, g_free);
      g_object_notify_by_pspec (G_OBJECT (self), properties[prop_id]);
    }
}

static void
cn_contact_finalize (GObject *object)
{
  CnContact *self = (CnContact *) object;

  g_free (self->name);
  g_free (self->email);
  g_free (self->profile_url);
  g_free (self->company);
  g_free (self->position);
  g_strfreev (self->expertise);
  g_free (self->away_until);
  g_free (self->notes);
  g_free (self->search_text);

  G_OBJECT_CLASS (cn_contact_parent_class)->finalize (object);
}

static void
cn_contact_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  CnContact *self = CN_CONTACT (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_int64 (value, self->id);
      break;
    case PROP_NAME:
      g_value_set_string (value, self->name);
      break;
    case PROP_EMAIL:
      g_value_set_string (value, self->email);
      break;
    case PROP_PROFILE_URL:
      g_value_set_string (value, self->profile_url);
      break;
    case PROP_COMPANY:
      g_value_set_string (value, self->company);
      break;
    case PROP_POSITION:
      g_value_set_string (value, self->position);
      break;
    case PROP_EXPERTISE:
      g_value_set_boxed (value, self->expertise);
      break;
    case PROP_ACCEPTED_KINDS:
      g_value_set_uint (value, self->accepted_kinds);
      break;
    case PROP_AVAILABILITY:
      g_value_set_int (value, self->availability);
      break;
    case PROP_AWAY_UNTIL:
      g_value_set_string (value, self->away_until);
      break;
    case PROP_MONTHLY_CAP:
      g_value_set_uint (value, self->monthly_cap);
      break;
    case PROP_TIE_STRENGTH:
      g_value_set_int (value, self->tie_strength);
      break;
    case PROP_ADDRESS_FORM:
      g_value_set_int (value, self->address_form);
      break;
    case PROP_NOTES:
      g_value_set_string (value, self->notes);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cn_contact_set_property (GObject *object, guint prop_id, const GValue *value, GParamSpec *pspec)
{
  CnContact *self = CN_CONTACT (object);

  switch (prop_id)
    {
    case PROP_ID:
      cn_contact_set_id (self, g_value_get_int64 (value));
      break;
    case PROP_NAME:
      cn_contact_set_name (self, g_value_get_string (value));
      break;
    case PROP_EMAIL:
      cn_contact_set_email (self, g_value_get_string (value));
      break;
    case PROP_PROFILE_URL:
      cn_contact_set_profile_url (self, g_value_get_string (value));
      break;
    case PROP_COMPANY:
      cn_contact_set_company (self, g_value_get_string (value));
      break;
    case PROP_POSITION:
      cn_contact_set_position (self, g_value_get_string (value));
      break;
    case PROP_EXPERTISE:
      cn_contact_set_expertise (self, g_value_get_boxed (value));
      break;
    case PROP_ACCEPTED_KINDS:
      cn_contact_set_accepted_kinds (self, g_value_get_uint (value));
      break;
    case PROP_AVAILABILITY:
      cn_contact_set_availability (self, g_value_get_int (value));
      break;
    case PROP_AWAY_UNTIL:
      cn_contact_set_away_until (self, g_value_get_string (value));
      break;
    case PROP_MONTHLY_CAP:
      cn_contact_set_monthly_cap (self, g_value_get_uint (value));
      break;
    case PROP_TIE_STRENGTH:
      cn_contact_set_tie_strength (self, g_value_get_int (value));
      break;
    case PROP_ADDRESS_FORM:
      cn_contact_set_address_form (self, g_value_get_int (value));
      break;
    case PROP_NOTES:
      cn_contact_set_notes (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cn_contact_class_init (CnContactClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->finalize = cn_contact_finalize;
  object_class->get_property = cn_contact_get_property;
  object_class->set_property = cn_contact_set_property;

  properties[PROP_ID] = g_param_spec_int64 ("id", NULL, NULL, 0, G_MAXINT64, 0, flags);
  properties[PROP_NAME] = g_param_spec_string ("name", NULL, NULL, NULL, flags);
  properties[PROP_EMAIL] = g_param_spec_string ("email", NULL, NULL, NULL, flags);
  properties[PROP_PROFILE_URL] = g_param_spec_string ("profile-url", NULL, NULL, NULL, flags);
  properties[PROP_COMPANY] = g_param_spec_string ("company", NULL, NULL, NULL, flags);
  properties[PROP_POSITION] = g_param_spec_string ("position", NULL, NULL, NULL, flags);
  properties[PROP_EXPERTISE] = g_param_spec_boxed ("expertise", NULL, NULL, G_TYPE_STRV, flags);
  properties[PROP_ACCEPTED_KINDS] = g_param_spec_uint ("accepted-kinds", NULL, NULL, 0,
                                                       CN_REQUEST_KIND_ALL, 0, flags);
  properties[PROP_AVAILABILITY] = g_param_spec_int ("availability", NULL, NULL,
                                                    CN_AVAILABILITY_OPEN, CN_AVAILABILITY_CLOSED,
                                                    CN_AVAILABILITY_OPEN, flags);
  properties[PROP_AWAY_UNTIL] = g_param_spec_string ("away-until", NULL, NULL, NULL, flags);
  properties[PROP_MONTHLY_CAP] = g_param_spec_uint ("monthly-cap", NULL, NULL, 0, G_MAXINT, 0,
                                                    flags);
  properties[PROP_TIE_STRENGTH] = g_param_spec_int ("tie-strength", NULL, NULL, CN_TIE_UNKNOWN,
                                                    CN_TIE_STRONG, CN_TIE_UNKNOWN, flags);
  properties[PROP_ADDRESS_FORM] = g_param_spec_int ("address-form", NULL, NULL, CN_REGISTER_VOUS,
                                                    CN_REGISTER_TU, CN_REGISTER_VOUS, flags);
  properties[PROP_NOTES] = g_param_spec_string ("notes", NULL, NULL, NULL, flags);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
cn_contact_init (CnContact *self)
{
  self->expertise = g_new0 (char *, 1);
}

CnContact *
cn_contact_new (const char *name)
{
  return g_object_new (CN_TYPE_CONTACT, "name", name, NULL);
}

gint64
cn_contact_get_id (CnContact *self)
{
  g_return_val_if_fail (CN_IS_CONTACT (self), 0);

  return self->id;
}

void
cn_contact_set_id (CnContact *self, gint64 id)
{
  g_return_if_fail (CN_IS_CONTACT (self));

  if (self->id == id)
    return;

  self->id = id;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ID]);
}

const char *
cn_contact_get_name (CnContact *self)
{
  g_return_val_if_fail (CN_IS_CONTACT (self), NULL);

  return self->name;
}

void
cn_contact_set_name (CnContact *self, const char *name)
{
  g_return_if_fail (CN_IS_CONTACT (self));

  set_string_prop (self, &self->name, name, PROP_NAME);
}

const char *
cn_contact_get_email (CnContact *self)
{
  g_return_val_if_fail (CN_IS_CONTACT (self), NULL);

  return self->email;
}

void
cn_contact_set_email (CnContact *self, const char *email)
{
  g_return_if_fail (CN_IS_CONTACT (self));

  set_string_prop (self, &self->email, email, PROP_EMAIL);
}

const char *
cn_contact_get_profile_url (CnContact *self)
{
  g_return_val_if_fail (CN_IS_CONTACT (self), NULL);

  return self->profile_url;
}

void
cn_contact_set_profile_url (CnContact *self, const char *profile_url)
{
  g_return_if_fail (CN_IS_CONTACT (self));

  set_string_prop (self, &self->profile_url, profile_url, PROP_PROFILE_URL);
}

const char *
cn_contact_get_company (CnContact *self)
{
  g_return_val_if_fail (CN_IS_CONTACT (self), NULL);

  return self->company;
}

void
cn_contact_set_company (CnContact *self, const char *company)
{
  g_return_if_fail (CN_IS_CONTACT (self));

  set_string_prop (self, &self->company, company, PROP_COMPANY);
}

const char *
cn_contact_get_position (CnContact *self)
{
  g_return_val_if_fail (CN_IS_CONTACT (self), NULL);

  return self->position;
}

void
cn_contact_set_position (CnContact *self, const char *position)
{
  g_return_if_fail (CN_IS_CONTACT (self));

  set_string_prop (self, &self->position, position, PROP_POSITION);
}

const char *const *
cn_contact_get_expertise (CnContact *self)
{
  g_return_val_if_fail (CN_IS_CONTACT (self), NULL);

  return (const char *const *) self->expertise;
}

void
cn_contact_set_expertise (CnContact *self, const char *const *tags)
{
  static const char *const empty[] = { NULL };
  char **copy;

  g_return_if_fail (CN_IS_CONTACT (self));

  if (tags == NULL)
    tags = empty;

  if (g_strv_equal ((const char *const *) self->expertise, tags))
    return;

  /* Copied first: @tags may be this contact's own strings. */
  copy = g_strdupv ((char **) tags);
  g_strfreev (self->expertise);
  self->expertise = copy;
  g_clear_pointer (&self->search_text, g_free);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_EXPERTISE]);
}

CnRequestKind
cn_contact_get_accepted_kinds (CnContact *self)
{
  g_return_val_if_fail (CN_IS_CONTACT (self), CN_REQUEST_KIND_NONE);

  return self->accepted_kinds;
}

void
cn_contact_set_accepted_kinds (CnContact *self, CnRequestKind kinds)
{
  g_return_if_fail (CN_IS_CONTACT (self));

  kinds &= CN_REQUEST_KIND_ALL;
  if (self->accepted_kinds == kinds)
    return;

  self->accepted_kinds = kinds;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ACCEPTED_KINDS]);
}

CnAvailability
cn_contact_get_availability (CnContact *self)
{
  g_return_val_if_fail (CN_IS_CONTACT (self), CN_AVAILABILITY_OPEN);

  return self->availability;
}

void
cn_contact_set_availability (CnContact *self, CnAvailability availability)
{
  g_return_if_fail (CN_IS_CONTACT (self));

  if (self->availability == availability)
    return;

  self->availability = availability;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_AVAILABILITY]);
}

const char *
cn_contact_get_away_until (CnContact *self)
{
  g_return_val_if_fail (CN_IS_CONTACT (self), NULL);

  return self->away_until;
}

void
cn_contact_set_away_until (CnContact *self, const char *date)
{
  g_return_if_fail (CN_IS_CONTACT (self));

  set_string_prop (self, &self->away_until, date, PROP_AWAY_UNTIL);
}

guint
cn_contact_get_monthly_cap (CnContact *self)
{
  g_return_val_if_fail (CN_IS_CONTACT (self), 0);

  return self->monthly_cap;
}

void
cn_contact_set_monthly_cap (CnContact *self, guint cap)
{
  g_return_if_fail (CN_IS_CONTACT (self));

  if (self->monthly_cap == cap)
    return;

  self->monthly_cap = cap;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MONTHLY_CAP]);
}

CnTieStrength
cn_contact_get_tie_strength (CnContact *self)
{
  g_return_val_if_fail (CN_IS_CONTACT (self), CN_TIE_UNKNOWN);

  return self->tie_strength;
}

void
cn_contact_set_tie_strength (CnContact *self, CnTieStrength tie)
{
  g_return_if_fail (CN_IS_CONTACT (self));

  if (self->tie_strength == tie)
    return;

  self->tie_strength = tie;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TIE_STRENGTH]);
}

CnRegister
cn_contact_get_address_form (CnContact *self)
{
  g_return_val_if_fail (CN_IS_CONTACT (self), CN_REGISTER_VOUS);

  return self->address_form;
}

void
cn_contact_set_address_form (CnContact *self, CnRegister form)
{
  g_return_if_fail (CN_IS_CONTACT (self));

  form = form == CN_REGISTER_TU ? CN_REGISTER_TU : CN_REGISTER_VOUS;
  if (self->address_form == form)
    return;

  self->address_form = form;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ADDRESS_FORM]);
}

const char *
cn_contact_get_notes (CnContact *self)
{
  g_return_val_if_fail (CN_IS_CONTACT (self), NULL);

  return self->notes;
}

void
cn_contact_set_notes (CnContact *self, const char *notes)
{
  g_return_if_fail (CN_IS_CONTACT (self));

  set_string_prop (self, &self->notes, notes, PROP_NOTES);
}

char *
cn_contact_dup_sort_key (CnContact *self)
{
  g_autofree char *folded = NULL;

  g_return_val_if_fail (CN_IS_CONTACT (self), NULL);

  folded = cn_contact_fold_for_search (self->name);
  return g_utf8_collate_key (folded, -1);
}

int
cn_contact_compare_sorted (CnContact *a, const char *key_a, CnContact *b, const char *key_b)
{
  int cmp = strcmp (key_a, key_b);

  if (cmp != 0)
    return cmp;
  cmp = g_strcmp0 (a->name, b->name);
  if (cmp != 0)
    return cmp;
  return a->id < b->id ? -1 : a->id > b->id;
}

typedef struct
{
  char *key;
  CnContact *contact;
} SortEntry;

static int
compare_entries (gconstpointer a, gconstpointer b)
{
  const SortEntry *x = a, *y = b;

  return cn_contact_compare_sorted (x->contact, x->key, y->contact, y->key);
}

void
cn_contact_sort_by_name (GPtrArray *contacts)
{
  g_autofree SortEntry *entries = NULL;

  g_return_if_fail (contacts != NULL);

  /* qsort() must not be given NULL, even for nothing. */
  if (contacts->len == 0)
    return;
  entries = g_new (SortEntry, contacts->len);
  for (guint i = 0; i < contacts->len; i++)
    {
      entries[i].contact = g_ptr_array_index (contacts, i);
      entries[i].key = cn_contact_dup_sort_key (entries[i].contact);
    }
  qsort (entries, contacts->len, sizeof (SortEntry), compare_entries);
  for (guint i = 0; i < contacts->len; i++)
    {
      contacts->pdata[i] = entries[i].contact;
      g_free (entries[i].key);
    }
}

char *
cn_contact_fold_for_search (const char *text)
{
  GString *folded = g_string_new (NULL);

  cn_text_fold (folded, text, -1);
  return g_string_free (folded, FALSE);
}

static void
append_folded (GString *haystack, const char *text)
{
  g_autofree char *folded = NULL;

  if (text == NULL || *text == '\0')
    return;
  folded = cn_contact_fold_for_search (text);
  /* A separator no query word contains keeps words of two fields apart. */
  g_string_append (haystack, folded);
  g_string_append_c (haystack, '\n');
}

static const char *
get_search_text (CnContact *self)
{
  GString *haystack;

  if (self->search_text != NULL)
    return self->search_text;

  haystack = g_string_new (NULL);
  append_folded (haystack, self->name);
  append_folded (haystack, self->company);
  append_folded (haystack, self->position);
  append_folded (haystack, self->email);
  for (guint i = 0; self->expertise[i] != NULL; i++)
    append_folded (haystack, self->expertise[i]);
  self->search_text = g_string_free (haystack, FALSE);
  return self->search_text;
}

char **
cn_contact_split_search (const char *query)
{
  g_autofree char *folded = cn_contact_fold_for_search (query);
  g_auto (GStrv) parts = g_strsplit_set (folded, " \t\n\r", -1);
  GPtrArray *words = g_ptr_array_new ();

  for (guint i = 0; parts[i] != NULL; i++)
    {
      if (parts[i][0] != '\0')
        g_ptr_array_add (words, g_steal_pointer (&parts[i]));
    }
  g_ptr_array_add (words, NULL);
  return (char **) g_ptr_array_free (words, FALSE);
}

gboolean
cn_contact_matches_search (CnContact *self, const char *const *folded_words)
{
  const char *haystack;

  g_return_val_if_fail (CN_IS_CONTACT (self), FALSE);

  if (folded_words == NULL || folded_words[0] == NULL)
    return TRUE;

  haystack = get_search_text (self);
  for (guint i = 0; folded_words[i] != NULL; i++)
    {
      if (strstr (haystack, folded_words[i]) == NULL)
        return FALSE;
    }
  return TRUE;
}

gboolean
cn_contact_email_is_valid (const char *email)
{
  const char *at;
  const char *dot;

  if (email == NULL || *email == '\0' || !g_utf8_validate (email, -1, NULL))
    return FALSE;
  for (const char *p = email; *p != '\0'; p++)
    {
      if (g_ascii_isspace (*p) || *p == ',' || *p == ';' || *p == '<' || *p == '>')
        return FALSE;
    }
  at = strchr (email, '@');
  if (at == NULL || at == email || strchr (at + 1, '@') != NULL)
    return FALSE;
  /* The domain needs a dot between two non-empty labels. */
  dot = strchr (at + 1, '.');
  return dot != NULL && dot > at + 1 && dot[1] != '\0' && !g_str_has_suffix (email, ".") &&
         strstr (at, "..") == NULL;
}

CnContact *
cn_contact_copy (CnContact *self)
{
  CnContact *copy;

  g_return_val_if_fail (CN_IS_CONTACT (self), NULL);

  copy = cn_contact_new (self->name);
  copy->id = self->id;
  copy->email = g_strdup (self->email);
  copy->profile_url = g_strdup (self->profile_url);
  copy->company = g_strdup (self->company);
  copy->position = g_strdup (self->position);
  g_strfreev (copy->expertise);
  copy->expertise = g_strdupv (self->expertise);
  copy->accepted_kinds = self->accepted_kinds;
  copy->availability = self->availability;
  copy->away_until = g_strdup (self->away_until);
  copy->monthly_cap = self->monthly_cap;
  copy->tie_strength = self->tie_strength;
  copy->address_form = self->address_form;
  copy->notes = g_strdup (self->notes);
  return copy;
}

gboolean
cn_contact_equal (CnContact *a, CnContact *b)
{
  g_return_val_if_fail (CN_IS_CONTACT (a), FALSE);
  g_return_val_if_fail (CN_IS_CONTACT (b), FALSE);

  return a->id == b->id && g_strcmp0 (a->name, b->name) == 0 &&
         g_strcmp0 (a->email, b->email) == 0 && g_strcmp0 (a->profile_url, b->profile_url) == 0 &&
         g_strcmp0 (a->company, b->company) == 0 && g_strcmp0 (a->position, b->position) == 0 &&
         g_strv_equal ((const char *const *) a->expertise, (const char *const *) b->expertise) &&
         a->accepted_kinds == b->accepted_kinds && a->availability == b->availability &&
         g_strcmp0 (a->away_until, b->away_until) == 0 && a->monthly_cap == b->monthly_cap &&
         a->tie_strength == b->tie_strength && a->address_form == b->address_form &&
         g_strcmp0 (a->notes, b->notes) == 0;
}
