/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include "cn-demo.h"
#include "cn-store-private.h"

/* Example data written for Connecteur. The people and companies are invented.
 * Texts are data, not interface: they are not translated. */

#define MAX_TAGS 6

typedef struct
{
  const char *name;
  const char *email;
  const char *company;
  const char *position;
  const char *expertise[MAX_TAGS];
  CnRequestKind kinds;
  CnAvailability availability;
  int away_days; /* away until today + away_days; 0 when not away */
  guint monthly_cap;
  CnTieStrength tie;
  const char *notes;
} DemoContact;

typedef struct
{
  const char *requester;
  const char *email;
  const char *profile_url;
  int target; /* index in demo_contacts */
  int hours_ago;
  const char *note_to_connector;
  const char *note_to_target;
  CnRequestStatus status;
  CnEventAction action; /* a history event after "created"; none when left out (UNKNOWN) */
  const char *action_text;
  int action_hours_ago;
  CnOutcome outcome; /* recorded after a forward, with its event */
  int outcome_hours_ago;
} DemoRequest;

enum {
  RSSI,
  OUTPLACEMENT,
  CTO,
  DRH,
  INVESTOR,
  JOURNALIST,
  SALES,
  DATA,
};

/* clang-format off */
static const DemoContact demo_contacts[] = {
  [RSSI] = {
    "Hélène Vasseur", "h.vasseur@banque-ardoise.example", "Banque Ardoise",
    "Directrice de la sécurité des systèmes d'information",
    { "cybersécurité", "gestion de crise", "ISO 27001", "gouvernance" },
    CN_REQUEST_KIND_RECRUITING | CN_REQUEST_KIND_ADVICE,
    CN_AVAILABILITY_LIMITED, 0, 2, CN_TIE_STRONG,
    "Ancienne collègue. Reçoit énormément de sollicitations commerciales : filtrer.",
  },
  [OUTPLACEMENT] = {
    "Claire Fontanel", "claire@passerelles-rh.example", "Passerelles RH",
    "Consultante en outplacement",
    { "outplacement", "reconversion", "bilan de compétences", "projet professionnel",
      "recherche d'emploi" },
    CN_REQUEST_KIND_JOB_SEARCH | CN_REQUEST_KIND_ADVICE,
    CN_AVAILABILITY_OPEN, 0, 4, CN_TIE_STRONG,
    "Aime aider les personnes en transition si la démarche est préparée.",
  },
  [CTO] = {
    "David Okafor", "david@lumenstack.example", "Lumenstack",
    "CTO",
    { "distributed systems", "event sourcing", "Rust", "platform engineering" },
    CN_REQUEST_KIND_RECRUITING | CN_REQUEST_KIND_ADVICE | CN_REQUEST_KIND_BUSINESS,
    CN_AVAILABILITY_LIMITED, 0, 3, CN_TIE_WEAK,
    "Met at a conference in Berlin. Prefers short, concrete questions by e-mail.",
  },
  [DRH] = {
    "Sophie Marchal", "s.marchal@verlaine-industries.example", "Groupe Verlaine Industries",
    "Directrice des ressources humaines",
    { "recrutement", "marque employeur", "relations sociales" },
    CN_REQUEST_KIND_RECRUITING | CN_REQUEST_KIND_JOB_SEARCH,
    CN_AVAILABILITY_OPEN, 0, 5, CN_TIE_WEAK,
    NULL,
  },
  [INVESTOR] = {
    "Thomas Lefebvre-Nguyen", "thomas@caphorizon.example", "Cap Horizon Ventures",
    "Associé",
    { "amorçage", "levée de fonds", "SaaS B2B" },
    CN_REQUEST_KIND_INVESTMENT,
    CN_AVAILABILITY_CLOSED, 21, 1, CN_TIE_WEAK,
    "En congé parental : ne rien transmettre avant son retour.",
  },
  [JOURNALIST] = {
    "Emily Carter", "emily.carter@northernledger.example", "The Northern Ledger",
    "Technology correspondent",
    { "tech journalism", "data privacy", "public sector IT" },
    CN_REQUEST_KIND_PRESS,
    CN_AVAILABILITY_OPEN, 0, 1, CN_TIE_STRONG,
    "Old friend from university. Only wants documented stories, no PR. One introduction a "
    "month at most.",
  },
  [SALES] = {
    "Julien Moreau", "julien.moreau@tissage-moreau.example", "Tissage Moreau",
    "Directeur commercial",
    { "industrie textile", "export", "distribution B2B" },
    CN_REQUEST_KIND_BUSINESS,
    CN_AVAILABILITY_LIMITED, 0, 1, CN_TIE_WEAK,
    NULL,
  },
  [DATA] = {
    "Priya Raman", "priya.raman@meridianhealth.example", "Meridian Health",
    "Head of Data Science",
    { "machine learning", "healthcare data", "MLOps" },
    CN_REQUEST_KIND_ADVICE | CN_REQUEST_KIND_RECRUITING,
    CN_AVAILABILITY_OPEN, 0, 3, CN_TIE_UNKNOWN,
    NULL,
  },
};

/* The stock line a networking platform suggests, sent unchanged to three people. */
#define STOCK_NOTE \
  "Bonjour, je souhaiterais vous ajouter à mon réseau professionnel. Au plaisir d'échanger !"

static const DemoRequest demo_requests[] = {
  /* The product brief's first case: nothing to act on, for the connector or the contact. */
  {
    "Kevin Marsault", NULL, "https://www.linkedin.com/in/kevin-marsault-demo",
    RSSI, 3 * 24 + 5,
    "Bonjour, merci de transmettre.",
    "Bonjour Madame, nous avons des points communs. Je serais ravi d'échanger avec vous.",
    CN_REQUEST_STATUS_NEW,
  },
  /* The brief's second case: a clear reason for the connector, a precise,
   * bounded ask for the contact. */
  {
    "Nadia Benali", "nadia.benali@courriel.example", NULL,
    OUTPLACEMENT, 5 * 24 + 2,
    "Bonjour, je suis en recherche d'emploi depuis quelques mois. Vous ne me connaissez "
    "pas, mais votre relais auprès de Claire Fontanel m'aiderait vraiment : une "
    "recommandation de votre part aura plus de poids qu'un message de ma part seule.",
    "Bonjour Madame Fontanel,\n\nAprès huit ans comme contrôleuse de gestion dans la "
    "grande distribution, je prépare une reconversion vers les achats responsables. "
    "Je mène une enquête métier pour valider ce projet professionnel auprès de personnes "
    "qui accompagnent des transitions de carrière, et votre avis de consultante en "
    "outplacement me serait précieux. Accepteriez-vous un échange de 20 minutes, par "
    "téléphone ou en visio, au moment qui vous convient ?\n\nMerci pour votre temps,\n"
    "Nadia Benali",
    CN_REQUEST_STATUS_NEW,
  },
  /* One stock text, three contacts, the same afternoon. */
  {
    "Bruno Tessier", "bruno.tessier@mail.example", NULL,
    DRH, 12 * 24 + 3,
    "Salut, tu peux me mettre en relation ? Merci",
    STOCK_NOTE,
    CN_REQUEST_STATUS_NEW,
  },
  {
    "Bruno Tessier", "bruno.tessier@mail.example", NULL,
    SALES, 12 * 24 + 2,
    "Salut, tu peux me mettre en relation ? Merci",
    STOCK_NOTE,
    CN_REQUEST_STATUS_NEW,
  },
  {
    "Bruno Tessier", "bruno.tessier@mail.example", NULL,
    DATA, 12 * 24 + 1,
    "Salut, tu peux me mettre en relation ? Merci",
    STOCK_NOTE,
    CN_REQUEST_STATUS_NEW,
  },
  /* Pushy and repeated: asked once for a motivation, came back with pressure. */
  {
    "Grégoire Lambert", "gregoire@startup-fulgur.example", NULL,
    INVESTOR, 20 * 24,
    "Peux-tu me présenter Thomas ? C'est pour mon projet.",
    "Bonjour Thomas, je lance une startup révolutionnaire, il faut absolument qu'on "
    "se parle.",
    CN_REQUEST_STATUS_ASKED, CN_EVENT_ACTION_ASKED,
    "Bonjour Grégoire, avant de transmettre, peux-tu me dire ce que tu attends "
    "précisément de Thomas et où en est ton projet ?",
    19 * 24 + 20,
  },
  {
    "Grégoire Lambert", "gregoire@startup-fulgur.example", NULL,
    INVESTOR, 2 * 24 + 7,
    "Je relance : tu n'as toujours pas transmis. C'est URGENT, je dois boucler ma "
    "levée avant la fin du mois. Je compte sur toi, ne me laisse pas tomber.",
    "Thomas, dernière relance. Sans réponse de votre part cette semaine, vous passerez "
    "à côté de l'opportunité de l'année.",
    CN_REQUEST_STATUS_NEW,
  },
  /* A good one in English: who, why this CTO, a concrete ask, bounded time. */
  {
    "Marta Kowalski", "marta.kowalski@pelicanpay.example", NULL,
    CTO, 1 * 24 + 4,
    "Hi! We met at the Lyon tech meetup in March. I'm preparing a migration of our "
    "settlement service to event sourcing, and David's posts on idempotent consumers "
    "are the clearest thing I have read on the subject. Would you be comfortable "
    "forwarding my note?",
    "Hello David,\n\nI lead the backend team at Pelican Pay (12 engineers). We are "
    "moving our settlement service to event sourcing, and your three posts on "
    "idempotent consumers at Lumenstack shaped our design. I have two concrete "
    "questions about replaying events after a schema change. Could we have a "
    "15-minute call in the next two weeks, at a time that suits you? If e-mail is "
    "easier, I can send the questions instead.\n\nThanks,\nMarta",
    CN_REQUEST_STATUS_READY,
  },
  /* Recruiting, in English. */
  {
    "Samuel Price", "samuel.price@brightwater-search.example", NULL,
    DATA, 6 * 24 + 8,
    "Hi, I'm hiring a Principal ML Engineer for a health-tech client and Priya's work "
    "on clinical models fits closely. Could you pass this on?",
    "Hi Priya,\n\nI'm recruiting a Principal ML Engineer for a Series B company that "
    "builds triage models for family doctors. Given your MLOps work on patient-risk "
    "scoring at Meridian Health, you may be interested, or know someone who is. Would "
    "you be open to a short exchange by e-mail? I can share the job description and "
    "the salary range straight away.",
    CN_REQUEST_STATUS_NEW,
  },
  /* A sales pitch dressed up as an introduction. */
  {
    "Cédric Ponsard", "cedric@agence-boost.example", NULL,
    SALES, 15 * 24 + 6,
    "Salut, tu peux transmettre ? C'est du gagnant-gagnant.",
    "Bonjour Julien, notre agence propose des solutions innovantes pour booster vos "
    "ventes de 300 %. Offre spéciale ce mois-ci : audit gratuit ! Réservez votre "
    "créneau dès maintenant.",
    CN_REQUEST_STATUS_DECLINED, CN_EVENT_ACTION_DECLINED,
    "Bonjour Cédric, je ne transmets pas les offres commerciales à mon réseau. "
    "Bonne continuation.",
    15 * 24 + 1,
  },
  /* A student with a precise, modest ask. */
  {
    "Inès Haddad", "ines.haddad@etu.univ.example", NULL,
    RSSI, 8 * 24 + 1,
    "Bonjour, vous avez été mon enseignant en licence. Je cherche à joindre "
    "Mme Vasseur pour mon mémoire ; votre recommandation m'aiderait à obtenir une "
    "réponse.",
    "Bonjour Madame Vasseur,\n\nJe suis étudiante en master 2 de cybersécurité et "
    "j'écris un mémoire sur la gestion de crise après une attaque par rançongiciel "
    "dans une banque. Votre intervention sur ce sujet lors d'une conférence l'an "
    "dernier m'a beaucoup appris. Accepteriez-vous de répondre par écrit à trois "
    "questions ? Je vous les enverrais par e-mail et vous transmettrais le mémoire "
    "une fois terminé.\n\nBien cordialement,\nInès Haddad",
    CN_REQUEST_STATUS_READY,
  },
  /* A template sent without filling it in. */
  {
    "Jason Miller", NULL, "https://www.linkedin.com/in/jason-miller-demo",
    JOURNALIST, 4 * 24 + 9,
    "pls fwd",
    "Hi {first_name}, let's connect! I think we could create great synergies together.",
    CN_REQUEST_STATUS_NEW,
  },
  /* Already forwarded, within the month, and useful: documented and easy to
   * answer. It uses up Emily's monthly cap. */
  {
    "Tom Gallagher", "tom@opencivicdata.example", NULL,
    JOURNALIST, 25 * 24 + 2,
    "Hello, I run a small open-data collective. Emily covered the new data-broker "
    "rules last month, and we have material that could help a follow-up.",
    "Hello Emily,\n\nI read your piece on the new data-broker rules. We have just "
    "published a dataset showing how 40 councils share parking records with brokers. "
    "I'd be happy to send it to you before it goes public if it is useful for a "
    "follow-up. No call needed: a reply by e-mail is fine.\n\nBest,\nTom Gallagher",
    CN_REQUEST_STATUS_FORWARDED, CN_EVENT_ACTION_FORWARDED,
    "Hi Emily, I don't know Tom personally, but his collective's dataset looks solid "
    "and close to what you wrote about last month. Up to you!",
    24 * 24 + 22, CN_OUTCOME_USEFUL, 18 * 24 + 3,
  },
  /* The seed's own two requests, word for word as the blog post quotes them
   * (typos kept), beside the richer versions above: the judgement must hold
   * on what people really write. The first was declined for want of any
   * motive; the second forwarded for its precise, clear, concise objective. */
  {
    "Xavier Lomme", NULL, "https://www.linkedin.com/in/xavier-lomme-demo",
    RSSI, 9 * 24 + 4,
    "Bonjour, pourriez vous transférer. Cdt",
    "Bonjour, nous avons des points communs. Cdt",
    CN_REQUEST_STATUS_NEW,
  },
  {
    "Amandine Roux", NULL, "https://www.linkedin.com/in/amandine-roux-demo",
    OUTPLACEMENT, 9 * 24 + 3,
    "Bonjour, je suis à la recherche d’un emploi, votre transfert pourra m’aider dans ma "
    "recherche. Cdt",
    "Bonjour, je procéde actuellement à une enquête métier. Je souhaiterai prendre contact "
    "avec vous pour valider mon projet professionnel et vous demandez des conseils. Notre "
    "entretien ne durera que 20 minutes. Cdt",
    CN_REQUEST_STATUS_NEW,
  },
};
/* clang-format on */

static char *
date_in_days (int days)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) then = g_date_time_add_days (now, days);

  return g_date_time_format (then, "%Y-%m-%d");
}

static gboolean
add_contacts (CnStore *store, gint64 *ids, GError **error)
{
  for (guint i = 0; i < G_N_ELEMENTS (demo_contacts); i++)
    {
      const DemoContact *c = &demo_contacts[i];
      g_autoptr(CnContact) contact = cn_contact_new (c->name);
      g_autofree char *away_until = c->away_days > 0 ? date_in_days (c->away_days) : NULL;

      cn_contact_set_email (contact, c->email);
      cn_contact_set_company (contact, c->company);
      cn_contact_set_position (contact, c->position);
      cn_contact_set_expertise (contact, c->expertise);
      cn_contact_set_accepted_kinds (contact, c->kinds);
      cn_contact_set_availability (contact, c->availability);
      cn_contact_set_away_until (contact, away_until);
      cn_contact_set_monthly_cap (contact, c->monthly_cap);
      cn_contact_set_tie_strength (contact, c->tie);
      cn_contact_set_notes (contact, c->notes);

      if (!cn_store_add_contact (store, contact, error))
        return FALSE;
      ids[i] = cn_contact_get_id (contact);
    }

  return TRUE;
}

static gboolean
add_request (CnStore *store,
             const DemoRequest *r,
             guint index,
             const gint64 *contact_ids,
             gint64 now,
             GError **error)
{
  g_autoptr(CnRequest) request = cn_request_new ();
  g_autofree char *ref = g_strdup_printf ("demo-%02u", index + 1);

  cn_request_set_requester_name (request, r->requester);
  cn_request_set_requester_email (request, r->email);
  cn_request_set_requester_profile_url (request, r->profile_url);
  cn_request_set_target_id (request, contact_ids[r->target]);
  cn_request_set_received_at (request, now - (gint64) r->hours_ago * 3600);
  cn_request_set_source (request, "demo");
  cn_request_set_source_ref (request, ref);
  cn_request_set_note_to_connector (request, r->note_to_connector);
  cn_request_set_note_to_target (request, r->note_to_target);
  cn_request_set_status (request, r->status);

  /* Loading twice fails here, on the unique (source, source_ref) pair. */
  if (!cn_store_add_request (store, request, error))
    return FALSE;

  /* Dated like the request, for a history (and a monthly cap) that looks real. */
  if (!_cn_store_date_created_event (store, cn_request_get_id (request),
                                     cn_request_get_received_at (request), error))
    return FALSE;
  if (r->action != CN_EVENT_ACTION_UNKNOWN &&
      !_cn_store_add_event_at (store, cn_request_get_id (request),
                               now - (gint64) r->action_hours_ago * 3600, r->action, r->action_text,
                               error))
    return FALSE;

  if (r->outcome != CN_OUTCOME_NONE)
    return _cn_store_set_request_outcome_at (store, cn_request_get_id (request), r->outcome,
                                             now - (gint64) r->outcome_hours_ago * 3600, error);

  return TRUE;
}

int
cn_demo_load (CnStore *store, GError **error)
{
  g_autoptr(GError) local_error = NULL;
  gint64 contact_ids[G_N_ELEMENTS (demo_contacts)];
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  guint i;

  g_return_val_if_fail (CN_IS_STORE (store), -1);
  g_return_val_if_fail (error == NULL || *error == NULL, -1);

  if (!cn_store_begin (store, error))
    return -1;

  if (!add_contacts (store, contact_ids, &local_error))
    goto failed;

  for (i = 0; i < G_N_ELEMENTS (demo_requests); i++)
    {
      if (!add_request (store, &demo_requests[i], i, contact_ids, now, &local_error))
        goto failed;
    }

  if (!cn_store_commit (store, &local_error))
    goto failed;

  return (int) G_N_ELEMENTS (demo_requests);

failed:
  cn_store_rollback (store);
  g_propagate_error (error, g_steal_pointer (&local_error));
  return -1;
}
