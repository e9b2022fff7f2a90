/* SPDX-License-Identifier: GPL-3.0-or-later */

/* Every record is a function of the seed and its index alone, so that a
 * record can be drawn again without the ones before it. */

#include <string.h>

#include "bench-ui-data.h"

static const char *const first_names[] = {
  "Élodie", "Marc",  "Anna",  "Hugo",    "Jade",   "Tomás",   "Léa",   "Paul",
  "Zoé",    "Nadia", "Yann",  "Chloé",   "Ben",    "Ingrid",  "Omar",  "Sophie",
  "Julien", "Emma",  "Lucas", "Camille", "Thomas", "Inès",    "Karim", "Olivia",
  "Noah",   "Maël",  "Fatou", "Grace",   "Henri",  "Aurélie", "Mei",   "Rachid",
};
static const char *const last_names[] = {
  "Durand", "Lefèvre", "Kowalska", "Bernard", "Roux",   "Ibáñez",  "Fontaine", "Martin",
  "Petit",  "Haddad",  "Le Guen",  "Vidal",   "Ould",   "Nilsen",  "Diallo",   "Smith",
  "Brown",  "Moreau",  "Garcia",   "Nguyen",  "Girard", "Lambert", "Bonnet",   "Chen",
};
static const char *const companies[] = {
  "Atelier Nord", "Banque Ouest", "Studio Est", "Kowalska Consulting", "Fontaine & Fils",
  "Norma",        "Fintek",       "Atos",       "Helix Labs",          "Groupe Sud",
};
static const char *const positions[] = {
  "Directrice du recrutement",
  "Ingénieure sécurité",
  "Responsable RH",
  "Product manager",
  "CTO",
  "Head of Sales",
  "Data scientist",
  "Avocate d'affaires",
};
static const char *const expertises[] = {
  "recrutement,sécurité", "produit,stratégie",  "finance,levée de fonds", "data,IA",
  "droit,contrats",       "vente,partenariats",
};

static const char *const fr_sentences[] = {
  "je me permets de vous écrire car vous connaissez bien le secteur.",
  "je prépare un article sur le recrutement des ingénieurs et j'aimerais vous poser trois "
  "questions.",
  "pourriez-vous me présenter à la personne en charge des partenariats ?",
  "nous lançons un service de conseil et cherchons nos premiers clients.",
  "cela vous prendrait quinze minutes, à votre convenance.",
  "j'ai vu que vous aviez dirigé l'équipe produit pendant cinq ans.",
  "je cherche un poste de développeuse à Lyon ou à distance.",
  "merci d'avance pour votre aide, je reste disponible.",
  "pouvez-vous transmettre mon CV, c'est urgent ?",
  "échangeons, nous avons des points communs !",
};
static const char *const en_sentences[] = {
  "I hope you are well and not too busy this week.",
  "I'm validating my plan to move into security hiring and would value twenty minutes of your "
  "advice.",
  "could you introduce me to your colleague in charge of hiring?",
  "we build smart cafés and are raising a seed round.",
  "it would take fifteen minutes, whenever suits you.",
  "I saw that you led the product team for five years.",
  "please forward my resume, I need an answer today!",
  "thanks in advance for your help.",
  "can we connect?",
  "I am looking for a backend role in Berlin or remote.",
};
/* Words of their own, so that the search index holds a real vocabulary. */
static const char *const syllables[] = {
  "ba", "ce",  "di",  "fo",  "gu",  "la",  "me",  "ni",  "po",  "ru",   "sa",  "te",  "vi", "zo",
  "ma", "ter", "lon", "pri", "cha", "mou", "ven", "tra", "sio", "ment", "pro", "con", "dé", "ré",
};

static guint32
mix (guint32 a, guint32 b)
{
  guint32 h = a * 0x9E3779B1u ^ (b + 0x7F4A7C15u + (a << 6) + (a >> 2));

  h ^= h >> 16;
  h *= 0x85EBCA6Bu;
  h ^= h >> 13;
  h *= 0xC2B2AE35u;
  h ^= h >> 16;
  return h;
}

static guint32
draw (const BenchDataSize *size, guint kind, guint i, guint n)
{
  return mix (mix (size->seed, kind), i) % n;
}

void
bench_data_size_init (BenchDataSize *size, guint seed, guint n_requests, guint n_campaigns)
{
  size->seed = seed;
  size->n_requests = n_requests;
  /* Smaller sets keep the large one's proportions (30,000 : 20,000 : 100,000). */
  size->n_contacts = MAX (10, MIN (30000, n_requests * 3 / 10));
  size->n_requesters = MAX (10, MIN (20000, n_requests / 5));
  size->n_campaigns = MAX (1, n_campaigns);
}

static char *
person_name (const BenchDataSize *size, guint kind, guint i)
{
  return g_strdup_printf ("%s %c. %s",
                          first_names[draw (size, kind, i, G_N_ELEMENTS (first_names))],
                          'A' + draw (size, kind + 1, i, 26),
                          last_names[draw (size, kind + 2, i, G_N_ELEMENTS (last_names))]);
}

void
bench_data_contact (const BenchDataSize *size, guint i, BenchContact *out)
{
  out->name = person_name (size, 10, i);
  out->company = g_strdup (companies[draw (size, 13, i, G_N_ELEMENTS (companies))]);
  out->position = g_strdup (positions[draw (size, 14, i, G_N_ELEMENTS (positions))]);
  out->expertise = expertises[draw (size, 15, i, G_N_ELEMENTS (expertises))];
}

void
bench_data_contact_clear (BenchContact *contact)
{
  g_clear_pointer (&contact->name, g_free);
  g_clear_pointer (&contact->company, g_free);
  g_clear_pointer (&contact->position, g_free);
}

char *
bench_data_requester_name (const BenchDataSize *size, guint i)
{
  return person_name (size, 20, i);
}

static char *
first_name_of (const BenchDataSize *size, int contact)
{
  if (contact < 0)
    return g_strdup ("");
  return g_strdup (first_names[draw (size, 10, contact, G_N_ELEMENTS (first_names))]);
}

/* A note in @lang from draws keyed on (kind, key): one or two stock
 * sentences and 15 to 40 words of its own, so that notes written one by one
 * are not taken for copies of each other. */
static void
append_note (GString *note, const BenchDataSize *size, guint kind, guint key, gboolean fr)
{
  const char *const *sentences = fr ? fr_sentences : en_sentences;
  guint n_sentences = 1 + draw (size, kind, key, 2);
  guint n_words = 15 + draw (size, kind + 9, key, 26);

  for (guint s = 0; s < n_sentences; s++)
    {
      const char *sentence = sentences[draw (size, kind + 1 + s, key, G_N_ELEMENTS (fr_sentences))];

      g_string_append_c (note, ' ');
      g_string_append_unichar (note, g_unichar_toupper (g_utf8_get_char (sentence)));
      g_string_append (note, g_utf8_next_char (sentence));
    }
  g_string_append (note, fr ? " Projet " : " Project ");
  for (guint w = 0; w < n_words; w++)
    {
      guint32 h = mix (mix (size->seed, kind + 10), key * 64 + w);

      g_string_append (note, syllables[h % G_N_ELEMENTS (syllables)]);
      g_string_append (note, syllables[(h >> 8) % G_N_ELEMENTS (syllables)]);
      g_string_append_c (note, w + 1 == n_words ? '.' : w % 9 == 8 ? ',' : ' ');
      if (w % 9 == 8)
        g_string_append_c (note, ' ');
    }
}

void
bench_data_request (const BenchDataSize *size, guint i, BenchRequest *out)
{
  guint n = size->n_requests;
  /* Campaign copies: a quarter of the requests, or two copies per campaign
   * when there are more campaigns than that. */
  guint slots = MIN (n, MAX (n / 4, 2 * size->n_campaigns));
  guint stride = MAX (1, n / MAX (1, slots));
  gboolean fr;
  g_autofree char *first = NULL;
  GString *note = g_string_new (NULL);

  memset (out, 0, sizeof *out);
  out->requester = draw (size, 30, i, size->n_requesters);
  out->target = draw (size, 31, i, 10) == 9 ? -1 : (int) draw (size, 32, i, size->n_contacts);
  /* Newest last, about three years of them. */
  out->received_at = 1600000000 + (gint64) i * 900 + draw (size, 33, i, 600);
  out->campaign = -1;

  if (i % stride == 0 && i / stride < slots)
    {
      guint k = (i / stride) % size->n_campaigns;

      /* One text and one sender per campaign, a greeting by name per copy. */
      out->campaign = k;
      out->requester = draw (size, 34, k, size->n_requesters);
      fr = draw (size, 35, k, 5) < 3;
      first = first_name_of (size, out->target);
      g_string_append_printf (note, fr ? "Bonjour %s," : "Hello %s,", first);
      append_note (note, size, 100, k, fr);
    }
  else if (i % 97 == 3 && i > 0)
    {
      BenchRequest before;

      /* The requester of the request before asks its contact again. */
      bench_data_request (size, i - 1, &before);
      out->requester = before.requester;
      out->target = before.target;
      out->repeat = TRUE;
      bench_data_request_clear (&before);
      fr = draw (size, 36, i, 5) < 3;
      g_string_append (note, fr ? "Bonjour, je reviens vers vous." : "Hello, following up.");
      append_note (note, size, 200, i, fr);
    }
  else
    {
      fr = draw (size, 36, i, 5) < 3;
      g_string_append (note, fr ? "Bonjour," : "Hello,");
      append_note (note, size, 300, i, fr);
    }
  out->lang = fr ? "fr" : "en";
  out->note_to_target = g_string_free (note, FALSE);
  if (draw (size, 37, i, 3) == 0)
    out->note_to_connector = g_strdup (
        fr ? "Bonjour, pourriez-vous transmettre ce message ? Merci !"
           : "Hi, could you pass this on? Thank you!");

  /* The newest 5 % wait; older ones were mostly answered. */
  if (i + n / 20 >= n)
    out->status = 0;
  else
    {
      static const int statuses[] = { 0, 1, 3, 3, 4, 4, 4, 5, 5, 0 };

      out->status = statuses[draw (size, 38, i, G_N_ELEMENTS (statuses))];
    }
}

void
bench_data_request_clear (BenchRequest *request)
{
  g_clear_pointer (&request->note_to_connector, g_free);
  g_clear_pointer (&request->note_to_target, g_free);
}
