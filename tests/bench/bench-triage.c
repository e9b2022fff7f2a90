/* SPDX-License-Identifier: GPL-3.0-or-later */

/* How well and how fast the triage finds campaigns, on a generated set:
 * 100,000 requests to 30,000 contacts, with planted campaigns of 3 to 60
 * contacts whose copies are perturbed the way senders do (the target's name
 * in the greeting and in the text, another greeting, another signature,
 * punctuation, case, accents, a word or two swapped), among unrelated notes
 * built the same way from a large pool of sentence frames (dozens per
 * language, each with several slots: roles, companies, sectors, cities,
 * topics, durations…) and from the openers and closers everyone uses ("I
 * hope this finds you well", "Je me permets de vous contacter", "Merci
 * d'avance pour votre aide"…). Copies of a platform's stock line (its
 * default invitation text) get every change but the swapped words, since
 * people send that text unedited. Every sentence here was written for this
 * benchmark; the generator is deterministic.
 *
 * Prints the precision and recall of campaign membership (by pairs of
 * requests and by requests), the CPU time to triage all requests, and the
 * time to add (and remove) one request once all are indexed.
 *
 *   bench-triage                 the measurement
 *   bench-triage --write FILE    also writes the set as JSON Lines for
 *                                `connecteur-cli triage` (with "truth", the
 *                                planted campaign, ignored by the tool)
 *   bench-triage --explore       similarity distributions and the rule's
 *                                parameters tried one by one
 *   bench-triage --requests N --seed S   another size (requesters scale with
 *                                it, contacts stay at 30,000) or draw
 *   bench-triage --quick         the index and the command only (for 1M)
 *
 * With --cli PATH (as `meson test --benchmark` runs it), the set is also
 * given to `connecteur-cli triage`, beside its floor: json-glib reading and
 * printing each line back (bench-triage --floor FILE), both run as child
 * processes for their CPU time, wall time and peak resident memory. */

#include "config.h"

#include <locale.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "cn-fingerprint-private.h"
#include "cn-triage.h"

static guint n_requests = 100000;
#define N_REQUESTS n_requests
#define N_CONTACTS 30000
#define N_REQUESTERS (n_requests / 5 * 2)
/* Share of the requests that belong to planted campaigns. */
#define CAMPAIGN_SHARE 0.16
#define N_ADD_ONE 2000

/* Deterministic random numbers (xorshift64*). */
static guint64 rng_state = G_GUINT64_CONSTANT (0x9e3779b97f4a7c15);

static guint64
rng_next (void)
{
  rng_state ^= rng_state >> 12;
  rng_state ^= rng_state << 25;
  rng_state ^= rng_state >> 27;
  return rng_state * G_GUINT64_CONSTANT (2685821657736338717);
}

static guint
rng_below (guint n)
{
  return (guint) ((rng_next () >> 33) % n);
}

static gboolean
rng_chance (double p)
{
  return (double) (rng_next () >> 11) / (double) (G_GUINT64_CONSTANT (1) << 53) < p;
}

#define PICK(array) ((array)[rng_below (G_N_ELEMENTS (array))])

/* clang-format off */
static const char *const first_names[] = {
  "Marc", "Sophie", "Inès", "Paul", "Léa", "Thomas", "Claire", "Hugo", "Chloé", "Yann",
  "Nadia", "Bruno", "Amandine", "Xavier", "Béatrice", "Karim", "Julie", "Olivier", "Emma",
  "Lucas", "Anne", "David", "Sarah", "Pierre", "Camille", "Noé", "Priya", "Tom", "Maya",
  "Robin", "Alex", "Sam", "Jo", "Lee", "Ines", "Hélène", "Jérôme", "Agnès", "Rémi", "Zoé",
  "Mehdi", "Fatou", "Ana", "Jonas", "Elsa", "Victor", "Louise", "Gabriel", "Nina", "Mathis",
};
static const char *const last_names[] = {
  "Martin", "Bernard", "Dubois", "Durand", "Lefort", "Morel", "Girard", "Carrel", "Nodier",
  "Roux", "Lomme", "Dupuis", "Benali", "Fontanel", "Petitjean", "Leroy", "Diallo", "Ito",
  "Weiss", "Le Goff", "Moreau", "Laurent", "Simon", "Michel", "Garcia", "Faure", "André",
  "Mercier", "Blanc", "Guérin", "Boyer", "Garnier", "Chevalier", "François", "Legrand",
  "Gauthier", "Perrin", "Robin", "Clément", "Morin", "Nicolas", "Henry", "Roussel", "Mathieu",
  "Gautier", "Masson", "Marchand", "Duval", "Denis", "Dumont", "Smith", "Okafor", "Novak",
  "Schmidt", "Rossi", "Kowalski", "Nguyen", "Haddad", "Costa", "Jensen",
};

/* English */
static const char *const en_roles[] = {
  "backend engineer", "data analyst", "nurse", "product manager", "controller", "journalist",
  "recruiter", "sales director", "UX designer", "lawyer", "teacher", "supply chain manager",
  "architect", "physiotherapist", "financial analyst", "community manager", "chef",
  "research scientist", "project manager", "HR business partner", "marketing lead",
  "software developer", "quality engineer", "buyer", "consultant", "pharmacist", "translator",
  "electrician", "logistics coordinator", "student", "photographer", "accountant",
};
static const char *const orgs[] = {
  "Norma", "Atos", "Veolia", "Decathlon", "Alan", "Doctolib", "a regional hospital",
  "a payments start-up", "a small bookshop", "the city council", "an engineering school",
  "Michelin", "a family bakery", "Back Market", "a design studio", "a logistics firm",
  "BlaBlaCar", "Qonto", "a wine cooperative", "an NGO", "Schneider Electric", "Ubisoft",
  "a law firm", "a dental clinic", "Leroy Merlin", "a solar installer", "Criteo", "Mirakl",
  "a recycling company", "the local newspaper", "a bike maker", "an insurance broker",
};
static const char *const cities[] = {
  "Lyon", "Lille", "Nantes", "Bordeaux", "Toulouse", "Rennes", "Grenoble", "Marseille",
  "Strasbourg", "Montpellier", "Brussels", "Geneva", "Montreal", "Dijon", "Angers", "Brest",
  "Nice", "Metz", "Rouen", "Caen", "Tours", "Annecy", "Pau", "Limoges",
};
static const char *const en_fields[] = {
  "renewable energy", "public procurement", "cybersecurity", "hospital management",
  "food retail", "e-commerce logistics", "early-stage investment", "urban planning",
  "clinical research", "industrial maintenance", "sports marketing", "children's publishing",
  "water management", "insurance pricing", "video games", "circular economy",
  "legal tech", "wine export", "social housing", "air transport", "fashion resale",
  "higher education", "rail freight", "agritech",
};
static const char *const en_topics[] = {
  "supplier audits", "remote onboarding", "pricing for small shops", "carbon accounting",
  "night shift scheduling", "open data", "cold chain failures", "data privacy rules",
  "migrating a monolith", "tenant satisfaction", "warehouse robots", "churn in subscriptions",
  "grant applications", "team burnout", "export paperwork", "accessibility audits",
  "B2B sales cycles", "hiring juniors", "flood prevention", "packaging waste",
};
/* The sentences of a note: frames with slots (see expand ()), so that
 * unrelated notes share their formulas, their openers and closers, often a
 * whole frame, but not their substance. Campaigns are built the same way. */
static const char *const en_openers[] = {
  "I hope this finds you well.", "I hope this message finds you well.",
  "I hope you are doing well.", "I came across your profile and wanted to reach out.",
  "I'd love to connect with you.", "I hope you don't mind me reaching out.",
  "Thank you for accepting my invitation.", "I hope your week is going well.",
  "I am reaching out because we have several contacts in common.",
  "I hope all is well on your side.",
};
static const char *const en_intro[] = {
  "I am a %R at %O in %C, mostly on %T.",
  "I work as a %R for %O, based in %C, with clients in %D.",
  "After %U as a %R at %O, I recently joined %O in %C.",
  "I lead a team of %N people at %O in %C, working on %T.",
  "I'm a %R and I have been with %O in %C since %Y.",
  "I am currently a %R looking for my next role in %D around %C.",
  "I recently finished a degree in %D and started as a %R at %O.",
  "I have spent %U working in %D, mostly around %C and for %O.",
  "I am a %R by training and I moved into %D %U ago, after %O.",
  "I run a small team of %N people at %O in %C.",
  "I am a freelance %R working with %D clients in %C and nearby.",
  "I joined %O as a %R %U ago, after a first career in %D.",
  "I am based in %C, where I work as a %R in %D for %O.",
  "Until last %S I was a %R at %O in %C.",
};
static const char *const en_context[] = {
  "I am preparing a move into %D and I am running a short survey of %R profiles in %C.",
  "We are hiring a %R for our %C office, someone who knows %T and %D.",
  "We are raising %M euros to open our second site in %C next %S.",
  "I am writing an article on %T for a %D magazine, due in %S.",
  "We are launching a new offer in %D and looking for partners in %C who know %T.",
  "I would like to understand how %D teams in %C handle %T.",
  "I am organising a conference on %T in %C next %S, with speakers from %D.",
  "I am building a tool that helps %D teams with %T, tested with %O.",
  "For %U I have been %V %W in %C.",
  "My current project is about %V %W with a team from %O in %C.",
  "At %O we are %V %W and the first results on %T are encouraging.",
  "We recently started %V %W for %O, with very little budget.",
  "I noticed that you worked on %T at %O in %C.",
  "Your experience in %D at %O is exactly what I need for %T.",
  "I read your post on %T in %D and found it very useful for my work at %O.",
  "A colleague from %O told me you know %D in %C very well.",
  "Your talk on %T in %C last %S stayed with me.",
  "I am looking for a job in %D after %U as a %R at %O.",
  "Our team in %C has been struggling with %T for %U, since we started with %O.",
  "I am starting a thesis on %T and need the view of %R profiles in %D.",
  "Next %S we will open an office in %C to serve clients in %D like %O.",
  "I have %N questions about %T in %D that only someone from %O could answer.",
};
static const char *const en_ask[] = {
  "Would you be open to a %N-minute call about %T next %S?",
  "Could I ask you %N questions by email about %D in %C?",
  "Could you introduce me to someone who works in %D at %O?",
  "Would you review a %N-page summary of our plan on %T?",
  "Would you have %N minutes to share your advice on %T in %D?",
  "Could we meet for a coffee in %C in %S to talk about %T?",
  "Would you agree to a short chat about %T and %D when you have time?",
  "Could you tell me whether %O is hiring a %R in %C?",
  "Would you be willing to answer a %N-question survey on %T?",
  "Could you point me to the right person at %O for %T?",
  "Would you have time for a video call on %T before %S?",
  "I would be grateful for any advice on getting into %D in %C.",
};
static const char *const en_closers[] = {
  "Thanks in advance for your help.", "I look forward to hearing from you.",
  "Have a great day.", "Thank you for your time.", "Any advice would be greatly appreciated.",
  "Looking forward to your reply.", "Thank you very much in advance.",
  "I would really appreciate your help.", "Many thanks for considering my request.",
  "Have a nice week.",
};
static const char *const en_durations[] = {
  "six months", "two years", "a few weeks", "three years", "about a year", "ten years",
  "eighteen months", "a decade", "four months", "five years", "a long time", "eight years",
};
static const char *const en_greetings[] = {
  "Hello %F,", "Hi %F!", "Dear %F %L,", "Good morning %F,", "Hi,", "Hello there,", "Hello,",
  "Dear Mr %L,", "Hi %F,", "",
};
static const char *const en_signoffs[] = {
  "Best regards,\n%Q", "Thanks,\n%P", "Cheers, %P", "Kind regards\n%Q\n%R, %O", "Best,\n%P",
  "Thank you!\n%Q", "Regards, %Q", "%P", "Sent from my phone", "",
};

/* French */
static const char *const fr_roles[] = {
  "ingénieure logiciel", "analyste de données", "infirmier", "cheffe de produit",
  "contrôleuse de gestion", "journaliste", "chargé de recrutement", "directrice commerciale",
  "designer UX", "avocat", "enseignante", "responsable logistique", "architecte",
  "kinésithérapeute", "analyste financier", "chef de projet", "consultante RH",
  "développeur", "ingénieur qualité", "acheteuse", "pharmacien", "traductrice",
  "électricien", "étudiant en master", "comptable", "responsable marketing",
};
static const char *const fr_fields[] = {
  "énergies renouvelables", "achats publics", "cybersécurité", "gestion hospitalière",
  "grande distribution", "logistique du e-commerce", "capital-risque", "urbanisme",
  "recherche clinique", "maintenance industrielle", "marketing sportif", "édition jeunesse",
  "gestion de l'eau", "assurance", "jeu vidéo", "économie circulaire", "transport ferroviaire",
  "logement social", "agroalimentaire", "enseignement supérieur", "mode de seconde main",
};
static const char *const fr_topics[] = {
  "les audits fournisseurs", "l'intégration à distance", "les prix des petits commerces",
  "le bilan carbone", "les plannings de nuit", "les données ouvertes", "la chaîne du froid",
  "le RGPD", "la migration d'un monolithe", "la satisfaction des locataires",
  "les robots d'entrepôt", "les subventions européennes", "l'épuisement des équipes",
  "les formalités d'export", "l'accessibilité numérique", "le recrutement des juniors",
  "la prévention des crues", "les déchets d'emballage", "la vente en circuit court",
};
static const char *const fr_openers[] = {
  "Je me permets de vous contacter.", "J'espère que vous allez bien.",
  "Je me permets de vous écrire.", "Je serais ravi d'échanger avec vous.",
  "J'espère que ce message vous trouve en forme.", "Merci d'avoir accepté mon invitation.",
  "Je vous contacte car nous avons plusieurs relations en commun.",
  "J'ai découvert votre profil et je souhaitais vous écrire.",
  "J'espère que votre semaine se passe bien.", "Je me permets de vous solliciter.",
};
static const char *const fr_intro[] = {
  "Je suis %R chez %O à %C, surtout sur %T.",
  "Je travaille comme %R pour %O, à %C, avec des clients dans %D.",
  "Après %U comme %R chez %O, je viens de rejoindre %O à %C.",
  "J'encadre une équipe de %N personnes chez %O à %C, sur %T.",
  "Je suis %R et je travaille chez %O à %C depuis %Y.",
  "Je suis %R en recherche de poste dans %D dans la région de %C.",
  "Diplômé en %D, j'ai commencé comme %R chez %O.",
  "Je travaille depuis %U dans %D, surtout autour de %C et pour %O.",
  "Je suis %R de formation et je me suis tourné vers %D il y a %U, après %O.",
  "Je dirige une petite équipe de %N personnes chez %O à %C.",
  "Je suis %R indépendant, avec des clients de %D à %C et alentour.",
  "J'ai rejoint %O comme %R il y a %U, après une première carrière dans %D.",
  "J'habite à %C, où je suis %R dans %D pour %O.",
  "Jusqu'en %S dernier, j'étais %R chez %O à %C.",
};
static const char *const fr_context[] = {
  "Je prépare une reconversion vers %D et je mène une enquête auprès de profils %R à %C.",
  "Nous recrutons un %R pour notre agence de %C, qui connaisse %T et %D.",
  "Nous levons %M euros pour ouvrir un deuxième site à %C en %S.",
  "J'écris un article sur %T pour une revue de %D, à rendre en %S.",
  "Nous lançons une offre dans %D et cherchons des partenaires à %C qui connaissent %T.",
  "J'aimerais comprendre comment les équipes de %D à %C gèrent %T.",
  "J'organise une conférence sur %T à %C en %S, avec des intervenants de %D.",
  "Je développe un outil qui aide les équipes de %D avec %T, testé avec %O.",
  "Depuis %U, j'essaie de %V %W à %C.",
  "Mon projet actuel consiste à %V %W avec une équipe de %O à %C.",
  "Chez %O nous cherchons à %V %W et les premiers résultats sur %T sont encourageants.",
  "Nous venons de commencer à %V %W pour %O, avec très peu de moyens.",
  "J'ai vu que vous aviez travaillé sur %T chez %O à %C.",
  "Votre expérience dans %D chez %O correspond exactement à ma question sur %T.",
  "J'ai lu votre article sur %T dans %D et il m'a beaucoup servi chez %O.",
  "Un collègue de %O m'a dit que vous connaissiez très bien %D à %C.",
  "Votre intervention sur %T à %C en %S m'a marqué.",
  "Je cherche un poste dans %D après %U comme %R chez %O.",
  "Notre équipe de %C se heurte à %T depuis %U, depuis nos débuts avec %O.",
  "Je commence une thèse sur %T et j'ai besoin du regard de profils %R dans %D.",
  "En %S nous ouvrirons un bureau à %C pour des clients de %D comme %O.",
  "J'ai %N questions sur %T dans %D auxquelles seul quelqu'un de %O peut répondre.",
};
static const char *const fr_ask[] = {
  "Accepteriez-vous un échange de %N minutes sur %T en %S ?",
  "Pourrais-je vous poser %N questions par e-mail sur %D à %C ?",
  "Pourriez-vous me présenter à quelqu'un qui travaille dans %D chez %O ?",
  "Accepteriez-vous de relire une note de %N pages sur %T ?",
  "Auriez-vous %N minutes pour me donner votre avis sur %T dans %D ?",
  "Pourrions-nous prendre un café à %C en %S pour parler de %T ?",
  "Seriez-vous d'accord pour un court échange sur %T et %D quand vous aurez le temps ?",
  "Pourriez-vous me dire si %O recrute un %R à %C ?",
  "Accepteriez-vous de répondre à un questionnaire de %N questions sur %T ?",
  "Pourriez-vous m'indiquer la bonne personne chez %O pour %T ?",
  "Auriez-vous un moment pour un appel vidéo sur %T avant %S ?",
  "Je vous serais reconnaissant de vos conseils pour entrer dans %D à %C.",
};
static const char *const fr_closers[] = {
  "Merci d'avance pour votre aide.", "Dans l'attente de votre retour.",
  "Belle journée à vous.", "Merci pour votre temps.", "Tout conseil me serait précieux.",
  "Au plaisir de vous lire.", "Je vous remercie par avance.",
  "Votre aide me serait très précieuse.", "Merci de l'attention portée à ma demande.",
  "Bonne semaine à vous.",
};
static const char *const fr_durations[] = {
  "six mois", "deux ans", "quelques semaines", "trois ans", "environ un an", "dix ans",
  "dix-huit mois", "une dizaine d'années", "quatre mois", "cinq ans", "longtemps", "huit ans",
};
static const char *const fr_greetings[] = {
  "Bonjour %F,", "Bonjour Madame %L,", "Bonjour Monsieur %L,", "Cher %F,", "Salut %F !",
  "Bonjour,", "Madame, Monsieur,", "Bonjour %F %L,", "Bonsoir %F,", "",
};
static const char *const fr_signoffs[] = {
  "Bien cordialement,\n%Q", "Merci d'avance,\n%P", "Belle journée,\n%Q", "Cordialement",
  "À bientôt,\n%P", "Cordialement,\n%Q\n%R chez %O", "Bien à vous, %Q", "%P",
  "Envoyé de mon iPhone", "",
};
static const char *const seasons[] = {
  "spring", "summer", "autumn", "winter", "January", "March", "June", "October",
};
static const char *const fr_seasons[] = {
  "avril", "juin", "septembre", "novembre", "janvier", "mars", "mai", "décembre",
};
/* Slots %V and %W: what the requester works on. */
static const char *const en_detail_b[] = {
  "mapping", "comparing", "testing", "rebuilding", "documenting", "measuring", "reviewing",
  "simplifying", "interviewing people about", "writing guidelines for", "automating",
  "budgeting", "auditing", "redesigning", "teaching", "negotiating",
};
static const char *const en_detail_c[] = {
  "the delivery routes of independent grocers", "onboarding for seasonal workers",
  "the energy bills of public schools", "waiting times in emergency rooms",
  "contracts with freelance translators", "spare parts stocks for old trains",
  "the carbon footprint of our packaging", "how small clubs find sponsors",
  "payment delays for craftsmen", "the training plan of our sales team",
  "accessibility of museum websites", "fraud checks on second-hand phones",
  "recycling of building materials", "night shifts in care homes",
  "the pricing of organic vegetables", "mentoring for first-generation students",
  "security reviews of small web shops", "water leaks in social housing",
  "customer complaints about late parcels", "translation of medical leaflets",
};
static const char *const fr_detail_b[] = {
  "cartographier", "comparer", "tester", "reconstruire", "documenter", "mesurer",
  "revoir", "simplifier", "enquêter sur", "rédiger un guide pour", "automatiser",
  "budgéter", "auditer", "repenser", "enseigner", "négocier",
};
static const char *const fr_detail_c[] = {
  "les tournées de livraison des épiceries indépendantes",
  "l'accueil des saisonniers", "les factures d'énergie des écoles",
  "l'attente aux urgences", "les contrats des traducteurs indépendants",
  "les stocks de pièces des vieux trains", "l'empreinte carbone de nos emballages",
  "la recherche de sponsors des petits clubs", "les retards de paiement des artisans",
  "le plan de formation de nos commerciaux", "l'accessibilité des sites de musées",
  "la fraude sur les téléphones d'occasion", "le recyclage des matériaux de chantier",
  "les nuits en EHPAD", "le prix des légumes bio", "le tutorat des étudiants boursiers",
  "la sécurité des petites boutiques en ligne", "les fuites d'eau en logement social",
  "les plaintes pour colis en retard", "la traduction des notices médicales",
};
/* Words a sender swaps in. */
static const char *const swap_words[] = {
  "really", "very", "new", "small", "quick", "vraiment", "petit", "nouveau", "short",
  "bref", "great", "rapide", "several", "plusieurs", "also", "aussi", "soon", "bientôt",
};
static const char *const stock_lines[] = {
  "I'd like to add you to my professional network on LinkedIn.",
  "Je souhaiterais vous ajouter à mon réseau professionnel sur LinkedIn.",
  "I'd like to join your LinkedIn network.",
  "Hi, I'm looking to expand my network and I'd be glad to connect with you.",
  "Bonjour, je développe mon réseau et je serais heureux de vous compter parmi mes contacts.",
};
/* clang-format on */

G_STATIC_ASSERT (G_N_ELEMENTS (en_context) == G_N_ELEMENTS (fr_context));

typedef struct
{
  char *first;
  char *last;
  char *name;
} Person;

typedef struct
{
  gint64 id;
  guint requester;
  guint target;
  gint64 received_at;
  guint truth; /* planted campaign, 0: none */
  char *note;
} Request;

static Person contacts[N_CONTACTS];
static Person *requesters;

static void
make_person (Person *person)
{
  person->first = (char *) PICK (first_names);
  person->last = (char *) PICK (last_names);
  person->name = g_strdup_printf ("%s %s", person->first, person->last);
}

/* Expands %F %L (the target), %P %Q (the requester's first and full name),
 * %R %O %C %D (a field) %T %N %Y %M %S, %U (a duration), %V %W (an activity). */
static void
expand (GString *out,
        const char *pattern,
        gboolean fr,
        const Person *target,
        const Person *requester,
        const char *role)
{
  for (const char *p = pattern; *p != '\0'; p++)
    {
      if (*p != '%' || p[1] == '\0')
        {
          g_string_append_c (out, *p);
          continue;
        }
      p++;
      switch (*p)
        {
        case 'F':
          g_string_append (out, target->first);
          break;
        case 'L':
          g_string_append (out, target->last);
          break;
        case 'P':
          g_string_append (out, requester->first);
          break;
        case 'Q':
          g_string_append (out, requester->name);
          break;
        case 'R':
          g_string_append (out, role != NULL ? role : fr ? PICK (fr_roles) : PICK (en_roles));
          break;
        case 'O':
          g_string_append (out, PICK (orgs));
          break;
        case 'C':
          g_string_append (out, PICK (cities));
          break;
        case 'T':
          g_string_append (out, fr ? PICK (fr_topics) : PICK (en_topics));
          break;
        case 'D':
          g_string_append (out, fr ? PICK (fr_fields) : PICK (en_fields));
          break;
        case 'N':
          g_string_append_printf (out, "%u", 2 + rng_below (28));
          break;
        case 'Y':
          g_string_append_printf (out, "%u", 2005 + rng_below (20));
          break;
        case 'M':
          g_string_append_printf (out, "%u 000", 100 + 50 * rng_below (40));
          break;
        case 'S':
          g_string_append (out, fr ? PICK (fr_seasons) : PICK (seasons));
          break;
        case 'U':
          g_string_append (out, fr ? PICK (fr_durations) : PICK (en_durations));
          break;
        case 'V':
          g_string_append (out, fr ? PICK (fr_detail_b) : PICK (en_detail_b));
          break;
        case 'W':
          g_string_append (out, fr ? PICK (fr_detail_c) : PICK (en_detail_c));
          break;
        default:
          g_string_append_c (out, *p);
        }
    }
}

static void
append_sentence (GString *out,
                 const char *pattern,
                 gboolean fr,
                 const Person *target,
                 const Person *requester,
                 const char *role)
{
  if (*pattern == '\0')
    return;
  if (out->len > 0)
    g_string_append_c (out, ' ');
  expand (out, pattern, fr, target, requester, role);
}

/* The body of a note, no greeting, no signature: an opener and a closer
 * that everyone uses, an introduction, one to three sentences of context and
 * an ask, each a frame of the pools with its slots filled. */
static char *
make_body (gboolean fr, const Person *target, const Person *requester)
{
  GString *out = g_string_new (NULL);
  const char *role = fr ? PICK (fr_roles) : PICK (en_roles);
  guint n_context = 1 + rng_below (3);
  guint context[3];

  if (rng_chance (0.85))
    append_sentence (out, fr ? PICK (fr_openers) : PICK (en_openers), fr, target, requester, role);
  if (rng_chance (0.9))
    append_sentence (out, fr ? PICK (fr_intro) : PICK (en_intro), fr, target, requester, role);
  for (guint i = 0; i < n_context; i++)
    {
      /* Distinct frames. */
      gboolean again;

      do
        {
          context[i] = rng_below (G_N_ELEMENTS (en_context));
          again = FALSE;
          for (guint j = 0; j < i; j++)
            again |= context[j] == context[i];
        }
      while (again);
      append_sentence (out, fr ? fr_context[context[i]] : en_context[context[i]], fr, target,
                       requester, role);
    }
  if (rng_chance (0.95))
    append_sentence (out, fr ? PICK (fr_ask) : PICK (en_ask), fr, target, requester, role);
  if (rng_chance (0.85))
    append_sentence (out, fr ? PICK (fr_closers) : PICK (en_closers), fr, target, requester, role);
  return g_string_free (out, FALSE);
}

static char *
wrap_note (const char *body, gboolean fr, const Person *target, const Person *requester)
{
  GString *out = g_string_new (NULL);

  expand (out, fr ? PICK (fr_greetings) : PICK (en_greetings), fr, target, requester, NULL);
  if (out->len > 0)
    g_string_append (out, rng_chance (0.6) ? "\n\n" : " ");
  g_string_append (out, body);
  g_string_append (out, rng_chance (0.6) ? "\n\n" : "\n");
  expand (out, fr ? PICK (fr_signoffs) : PICK (en_signoffs), fr, target, requester, NULL);
  return g_string_free (out, FALSE);
}

/* Perturbations */

static void
replace_all (GString *text, const char *from, const char *to)
{
  g_string_replace (text, from, to, 0);
}

/* Swaps the word starting after the nth space for another. */
static void
swap_word (GString *text)
{
  guint spaces = 0;
  guint n;
  gsize start = 0;
  gsize end;

  for (gsize i = 0; i < text->len; i++)
    spaces += text->str[i] == ' ';
  if (spaces < 2)
    return;
  n = 1 + rng_below (spaces - 1);
  for (gsize i = 0, seen = 0; i < text->len; i++)
    {
      if (text->str[i] == ' ' && ++seen == n)
        {
          start = i + 1;
          break;
        }
    }
  end = start;
  while (end < text->len && text->str[end] != ' ' && text->str[end] != '\n')
    end++;
  g_string_erase (text, start, end - start);
  g_string_insert (text, start, PICK (swap_words));
}

/* The target's first name inserted in the text, after the first sentence. */
static void
insert_name (GString *text, const Person *target)
{
  const char *dot = strstr (text->str, ". ");
  g_autofree char *insert = g_strdup_printf (" %s,", target->first);

  if (dot != NULL)
    g_string_insert (text, dot - text->str + 1, insert);
  else
    {
      g_string_prepend (text, " ");
      g_string_prepend (text, insert + 1);
    }
}

static void
strip_accents (GString *text)
{
  replace_all (text, "é", "e");
  replace_all (text, "è", "e");
  replace_all (text, "ê", "e");
  replace_all (text, "à", "a");
  replace_all (text, "ç", "c");
  replace_all (text, "ô", "o");
}

static void
change_punctuation (GString *text)
{
  switch (rng_below (4))
    {
    case 0:
      replace_all (text, ",", "");
      break;
    case 1:
      replace_all (text, ". ", "! ");
      break;
    case 2:
      replace_all (text, ". ", "... ");
      break;
    default:
      replace_all (text, "?", " ?!");
    }
}

static guint
count_words (const char *text)
{
  guint n = 0;

  for (const char *p = text; *p != '\0'; p++)
    n += *p == ' ' && p[1] != ' ' && p[1] != '\0';
  return n + 1;
}

/* edit_wording: whether words may be swapped (not in a stock line). */
static char *
perturb (const char *body,
         gboolean fr,
         gboolean edit_wording,
         const Person *target,
         const Person *requester)
{
  g_autoptr(GString) text = g_string_new (body);

  if (rng_chance (0.5))
    insert_name (text, target);
  if (rng_chance (0.4))
    change_punctuation (text);
  if (rng_chance (0.2))
    {
      g_autofree char *up = g_utf8_strup (text->str, -1);

      g_string_assign (text, up);
    }
  if (rng_chance (0.2))
    strip_accents (text);
  /* One word swapped, sometimes two; in a line of fewer than 15 words, at
   * most one (two make another text: see cn-fingerprint.c). */
  if (edit_wording && rng_chance (0.4))
    swap_word (text);
  if (edit_wording && rng_chance (0.15) && count_words (text->str) >= 15)
    swap_word (text);

  return wrap_note (text->str, fr, target, requester);
}

/* The set */

static int
compare_requests (gconstpointer a, gconstpointer b)
{
  const Request *x = a, *y = b;

  return x->received_at < y->received_at ? -1 : x->received_at > y->received_at;
}

static Request *
generate (guint *out_n_campaigns)
{
  Request *requests = g_new0 (Request, N_REQUESTS);
  guint n = 0;
  guint campaign = 0;
  gint64 start = G_GINT64_CONSTANT (1700000000);
  gint64 span = 2 * 365 * G_GINT64_CONSTANT (86400);
  guint stock_truth[G_N_ELEMENTS (stock_lines)] = { 0 };

  for (guint i = 0; i < N_CONTACTS; i++)
    make_person (&contacts[i]);
  for (guint i = 0; i < N_REQUESTERS; i++)
    make_person (&requesters[i]);

  /* Planted campaigns: one body, perturbed copies to distinct contacts,
   * from one requester or (a shared template) several. */
  while (n < N_REQUESTS * CAMPAIGN_SHARE)
    {
      guint size = rng_chance (0.6)   ? 3 + rng_below (8)
                   : rng_chance (0.7) ? 11 + rng_below (20)
                                      : 31 + rng_below (30);
      gboolean fr = rng_chance (0.5);
      gboolean shared = rng_chance (0.3);
      guint sender = rng_below (N_REQUESTERS);
      gint64 at = start + (gint64) (rng_next () % (guint64) span);
      g_autofree char *body = NULL;
      GHashTable *used = g_hash_table_new (NULL, NULL);
      guint truth = ++campaign;
      /* Every twelfth is a stock line: the same line sent by several
       * campaigns is one template campaign. */
      gboolean stock = campaign % 12 == 0;

      if (stock)
        {
          guint line = rng_below (G_N_ELEMENTS (stock_lines));

          body = g_strdup (stock_lines[line]);
          if (stock_truth[line] == 0)
            stock_truth[line] = campaign;
          truth = stock_truth[line];
          shared = TRUE;
        }
      else
        body = make_body (fr, &contacts[0], &requesters[sender]);

      for (guint k = 0; k < size && n < N_REQUESTS; k++)
        {
          Request *r = &requests[n++];
          guint target;

          do
            target = rng_below (N_CONTACTS);
          while (g_hash_table_contains (used, GUINT_TO_POINTER (target + 1)));
          g_hash_table_add (used, GUINT_TO_POINTER (target + 1));

          r->requester = shared ? rng_below (N_REQUESTERS) : sender;
          r->target = target;
          r->received_at = at + rng_below (5 * 86400);
          r->truth = truth;
          r->note = perturb (body, fr, !stock, &contacts[target], &requesters[r->requester]);
        }
      g_hash_table_unref (used);
    }

  /* Unrelated notes, some sent twice to the same contact (repeats). */
  while (n < N_REQUESTS)
    {
      Request *r = &requests[n++];
      gboolean fr = rng_chance (0.5);
      g_autofree char *body = NULL;

      r->requester = rng_below (N_REQUESTERS);
      r->target = rng_below (N_CONTACTS);
      r->received_at = start + (gint64) (rng_next () % (guint64) span);
      body = make_body (fr, &contacts[r->target], &requesters[r->requester]);
      r->note = wrap_note (body, fr, &contacts[r->target], &requesters[r->requester]);

      if (n < N_REQUESTS && rng_chance (0.03))
        {
          Request *again = &requests[n++];

          *again = *r;
          again->received_at += 86400 * (1 + rng_below (20));
          again->note = perturb (body, fr, TRUE, &contacts[r->target], &requesters[r->requester]);
        }
    }

  qsort (requests, N_REQUESTS, sizeof *requests, compare_requests);
  for (guint i = 0; i < N_REQUESTS; i++)
    requests[i].id = i + 1;

  *out_n_campaigns = campaign;
  return requests;
}

static void
write_json_string (FILE *out, const char *str)
{
  fputc ('"', out);
  for (const char *p = str; *p != '\0'; p++)
    {
      if (*p == '"' || *p == '\\')
        fprintf (out, "\\%c", *p);
      else if (*p == '\n')
        fputs ("\\n", out);
      else
        fputc (*p, out);
    }
  fputc ('"', out);
}

static gboolean
write_set (const char *path, const Request *requests)
{
  FILE *out = fopen (path, "w");

  if (out == NULL)
    return FALSE;

  for (guint i = 0; i < N_REQUESTS; i++)
    {
      const Request *r = &requests[i];
      g_autoptr(GDateTime) date = g_date_time_new_from_unix_utc (r->received_at);
      g_autofree char *iso = g_date_time_format_iso8601 (date);

      fprintf (out, "{\"id\":%" G_GINT64_FORMAT ",\"requester\":{\"name\":", r->id);
      write_json_string (out, requesters[r->requester].name);
      fputs ("},\"target\":{\"name\":", out);
      write_json_string (out, contacts[r->target].name);
      fprintf (out, "},\"received_at\":\"%s\",\"note_to_connector\":", iso);
      write_json_string (out, "Could you forward my message, please?");
      fputs (",\"note_to_target\":", out);
      write_json_string (out, r->note);
      fprintf (out, ",\"truth\":%u}\n", r->truth);
    }
  return fclose (out) == 0;
}

/* Measurement */

static double
cpu_seconds (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_THREAD_CPUTIME_ID, &ts);
  return ts.tv_sec + ts.tv_nsec / 1e9;
}

static CnTriageItem
item_for (const Request *r, char **keys)
{
  CnTriageItem item = {
    .id = r->id,
    .requester_key = keys[r->requester],
    .target_key = keys[N_REQUESTERS + r->target],
    .received_at = r->received_at,
    .status = CN_REQUEST_STATUS_NEW,
    .note_to_target = r->note,
    .target_name = contacts[r->target].name,
    .requester_name = requesters[r->requester].name,
  };

  return item;
}

typedef struct
{
  double pair_precision;
  double pair_recall;
  double member_precision;
  double member_recall;
  guint n_campaigns;
} Quality;

/* Pairs of requests in one campaign, found vs planted. */
static Quality
measure_quality (CnTriage *triage, const Request *requests, guint n_truth)
{
  g_autoptr(GHashTable) found = g_hash_table_new (g_int64_hash, g_int64_equal);
  guint *truth_sizes = g_new0 (guint, n_truth + 1);
  guint64 true_pairs = 0, found_pairs = 0, good_pairs = 0;
  guint64 true_members = 0, found_members = 0, good_members = 0;
  Quality q = { 0 };
  g_autoptr(GArray) campaigns = cn_triage_list_campaigns (triage);
  g_autofree guint *truth_of = g_new0 (guint, N_REQUESTS + 1);

  for (guint i = 0; i < N_REQUESTS; i++)
    {
      truth_of[requests[i].id] = requests[i].truth;
      truth_sizes[requests[i].truth]++;
    }
  for (guint t = 1; t <= n_truth; t++)
    {
      true_pairs += (guint64) truth_sizes[t] * (truth_sizes[t] - 1) / 2;
      true_members += truth_sizes[t];
    }

  for (guint c = 0; c < campaigns->len; c++)
    {
      g_autoptr(GArray) members = cn_triage_list_campaign (triage,
                                                            g_array_index (campaigns, gint64, c));
      g_autoptr(GHashTable) counts = g_hash_table_new (NULL, NULL);
      GHashTableIter iter;
      gpointer key, value;

      if (g_getenv ("BENCH_TRIAGE_DEBUG") != NULL && c % 50 == 0)
        {
          g_print ("--- campaign %u\n", c);
          for (guint i = 0; i < members->len && i < 6; i++)
            {
              gint64 id = g_array_index (members, gint64, i);

              g_print ("[truth %u] %s\n", truth_of[id], requests[id - 1].note);
            }
        }
      found_pairs += (guint64) members->len * (members->len - 1) / 2;
      found_members += members->len;
      for (guint i = 0; i < members->len; i++)
        {
          guint t = truth_of[g_array_index (members, gint64, i)];
          guint k = GPOINTER_TO_UINT (g_hash_table_lookup (counts, GUINT_TO_POINTER (t)));

          g_hash_table_insert (counts, GUINT_TO_POINTER (t), GUINT_TO_POINTER (k + 1));
          good_members += t != 0;
        }
      g_hash_table_iter_init (&iter, counts);
      while (g_hash_table_iter_next (&iter, &key, &value))
        {
          guint64 k = GPOINTER_TO_UINT (value);

          if (GPOINTER_TO_UINT (key) != 0)
            good_pairs += k * (k - 1) / 2;
        }
    }

  q.pair_precision = found_pairs > 0 ? (double) good_pairs / found_pairs : 1.0;
  q.pair_recall = true_pairs > 0 ? (double) good_pairs / true_pairs : 1.0;
  q.member_precision = found_members > 0 ? (double) good_members / found_members : 1.0;
  q.member_recall = true_members > 0 ? (double) good_members / true_members : 1.0;
  q.n_campaigns = campaigns->len;
  g_free (truth_sizes);
  return q;
}


static CnTriage *
triage_all (const Request *requests, char **keys, double *out_seconds)
{
  CnTriage *triage = cn_triage_new (3, 30);
  double start = cpu_seconds ();

  for (guint i = 0; i < N_REQUESTS; i++)
    {
      CnTriageItem item = item_for (&requests[i], keys);

      cn_triage_add (triage, &item, NULL);
    }
  *out_seconds = cpu_seconds () - start;
  return triage;
}

static int
compare_doubles (const void *a, const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y;
}

/* Adds requests one by one to the full index, and takes them out again. */
static void
measure_add_one (CnTriage *triage, const Request *requests, char **keys)
{
  g_autofree double *add_ms = g_new (double, N_ADD_ONE);
  g_autofree double *remove_ms = g_new (double, N_ADD_ONE);
  g_autoptr(GArray) changed = g_array_new (FALSE, FALSE, sizeof (gint64));
  guint max_changed = 0;

  for (guint i = 0; i < N_ADD_ONE; i++)
    {
      /* A copy of an existing request (often a campaign's) to a new id. */
      const Request *model = &requests[rng_below (N_REQUESTS)];
      CnTriageItem item = item_for (model, keys);
      double start;

      item.id = N_REQUESTS + 1 + i;
      g_array_set_size (changed, 0);
      start = cpu_seconds ();
      cn_triage_add (triage, &item, changed);
      add_ms[i] = (cpu_seconds () - start) * 1000.0;
      max_changed = MAX (max_changed, changed->len);
    }
  for (guint i = 0; i < N_ADD_ONE; i++)
    {
      double start = cpu_seconds ();

      cn_triage_remove (triage, N_REQUESTS + 1 + i, changed);
      remove_ms[i] = (cpu_seconds () - start) * 1000.0;
    }

  qsort (add_ms, N_ADD_ONE, sizeof (double), compare_doubles);
  qsort (remove_ms, N_ADD_ONE, sizeof (double), compare_doubles);
  g_print ("add one to %u indexed: median %.4f ms, p99 %.4f ms, max %.4f ms "
           "(most ids reported at once: %u)\n",
           N_REQUESTS, add_ms[N_ADD_ONE / 2], add_ms[N_ADD_ONE * 99 / 100], add_ms[N_ADD_ONE - 1],
           max_changed);
  g_print ("remove one: median %.4f ms, p99 %.4f ms, max %.4f ms\n", remove_ms[N_ADD_ONE / 2],
           remove_ms[N_ADD_ONE * 99 / 100], remove_ms[N_ADD_ONE - 1]);
}

static void
print_quality (const char *label, Quality q)
{
  g_print ("%s: pairs precision %.4f recall %.4f · requests precision %.4f recall %.4f · "
           "%u campaigns found\n",
           label, q.pair_precision, q.pair_recall, q.member_precision, q.member_recall,
           q.n_campaigns);
}

/* Similarity of planted copies and of unrelated notes sharing phrases. */
static void
explore_similarity (const Request *requests, guint n_truth)
{
  g_autofree CnFingerprint *fps = g_new (CnFingerprint, N_REQUESTS);
  guint copies[21] = { 0 }, unrelated[21] = { 0 };
  guint n_copies = 0, n_unrelated = 0;

  for (guint i = 0; i < N_REQUESTS; i++)
    cn_fingerprint_compute_full (&fps[i], requests[i].note, contacts[requests[i].target].name,
                                 requesters[requests[i].requester].name);

  /* Copies: each request with the next one of its campaign. Unrelated:
   * requests of no campaign, with the 40 that follow them. */
  for (guint i = 0; i < N_REQUESTS; i++)
    {
      if (requests[i].truth != 0)
        {
          for (guint j = i + 1; j < MIN (N_REQUESTS, i + 400); j++)
            {
              if (requests[j].truth == requests[i].truth)
                {
                  copies[(guint) (cn_fingerprint_similarity (&fps[i], &fps[j]) * 20)]++;
                  n_copies++;
                  break;
                }
            }
        }
      else if (i % 10 == 0)
        {
          for (guint j = i + 1; j < MIN (N_REQUESTS, i + 40); j++)
            {
              if (requests[j].truth == 0)
                {
                  unrelated[(guint) (cn_fingerprint_similarity (&fps[i], &fps[j]) * 20)]++;
                  n_unrelated++;
                }
            }
        }
    }

  /* How many notes share a bucket: the candidates a new note is compared with. */
  {
    g_autoptr(GHashTable) sizes = g_hash_table_new (g_int64_hash, g_int64_equal);
    g_autofree guint64 *all_keys = g_new (guint64, (gsize) N_REQUESTS * CN_FINGERPRINT_N_KEYS);
    guint64 sum_squares = 0;
    guint max_size = 0, max_band = 0;

    for (guint i = 0; i < N_REQUESTS; i++)
      {
        guint64 *keys = all_keys + (gsize) i * CN_FINGERPRINT_N_KEYS;

        if (!cn_fingerprint_is_comparable (&fps[i]))
          continue;
        cn_fingerprint_get_keys (&fps[i], keys);
        for (guint b = 0; b < CN_FINGERPRINT_N_KEYS; b++)
          {
            guint n;

            keys[b] = keys[b] * CN_FINGERPRINT_N_KEYS + b;
            n = GPOINTER_TO_UINT (g_hash_table_lookup (sizes, &keys[b])) + 1;
            g_hash_table_insert (sizes, &keys[b], GUINT_TO_POINTER (n));
            sum_squares += 2 * n - 1;
            if (n > max_size)
              {
                max_size = n;
                max_band = b;
              }
          }
      }
    g_print ("buckets: %u keys, largest %u (band %u), mean candidates per note %.1f\n",
             g_hash_table_size (sizes), max_size, max_band, (double) sum_squares / N_REQUESTS);
  }

  g_print ("similarity  copies  unrelated (%u, %u pairs)\n", n_copies, n_unrelated);
  for (guint b = 0; b <= 20; b++)
    g_print ("  %.2f  %7.4f  %9.6f\n", b / 20.0, (double) copies[b] / n_copies,
             (double) unrelated[b] / n_unrelated);
}

/* The floor: what any tool reading and printing these lines pays. */
static int
run_floor (const char *path)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFileInputStream) stream = g_file_read (file, NULL, NULL);
  g_autoptr(GDataInputStream) in = NULL;
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  char *line;
  gsize len;

  if (stream == NULL)
    return 1;
  in = g_data_input_stream_new (G_INPUT_STREAM (stream));
  while ((line = g_data_input_stream_read_line (in, &len, NULL, NULL)) != NULL)
    {
      if (json_parser_load_from_data (parser, line, len, NULL))
        {
          g_autofree char *text = json_to_string (json_parser_get_root (parser), FALSE);

          fputs (text, stdout);
          fputc ('\n', stdout);
        }
      g_free (line);
    }
  return 0;
}

typedef struct
{
  double cpu;
  double wall;
  double rss_mb;
} ChildRun;

/* Runs argv with its output thrown away; FALSE if it failed. */
static gboolean
run_child (char **argv, ChildRun *out)
{
  struct rusage usage;
  gint64 start = g_get_monotonic_time ();
  int status;
  pid_t pid;

  fflush (stdout);
  pid = fork ();
  if (pid == 0)
    {
      freopen ("/dev/null", "w", stdout);
      execv (argv[0], argv);
      _exit (127);
    }
  if (pid < 0 || wait4 (pid, &status, 0, &usage) != pid)
    return FALSE;
  out->wall = (g_get_monotonic_time () - start) / 1e6;
  out->cpu = usage.ru_utime.tv_sec + usage.ru_utime.tv_usec / 1e6 + usage.ru_stime.tv_sec +
             usage.ru_stime.tv_usec / 1e6;
  out->rss_mb = usage.ru_maxrss / 1024.0;
  return WIFEXITED (status) && WEXITSTATUS (status) == 0;
}

static Request *generate (guint *out_n_campaigns);

/* Before this program grows: a child inherits its peak resident memory. The
 * set is made and written by a child of its own for the same reason. */
static void
measure_command (const char *self, const char *cli)
{
  g_autofree char *path = NULL;
  ChildRun floor_run, cli_run;
  int fd = g_file_open_tmp ("bench-triage-XXXXXX.jsonl", &path, NULL);
  int status;
  pid_t pid;

  if (fd < 0)
    return;
  close (fd);
  pid = fork ();
  if (pid == 0)
    {
      guint n_truth;

      requesters = g_new0 (Person, N_REQUESTERS);
      _exit (write_set (path, generate (&n_truth)) ? 0 : 1);
    }
  if (pid < 0 || waitpid (pid, &status, 0) != pid || !WIFEXITED (status) ||
      WEXITSTATUS (status) != 0)
    {
      g_printerr ("could not write %s\n", path);
      return;
    }
  if (run_child ((char *[]){ (char *) self, "--floor", path, NULL }, &floor_run) &&
      run_child ((char *[]){ (char *) cli, "triage", path, NULL }, &cli_run))
    {
      g_print ("floor (json-glib read+print): CPU %.2f s, wall %.2f s, peak RSS %.0f MB\n",
               floor_run.cpu, floor_run.wall, floor_run.rss_mb);
      g_print ("connecteur-cli triage:        CPU %.2f s, wall %.2f s, peak RSS %.0f MB\n",
               cli_run.cpu, cli_run.wall, cli_run.rss_mb);
      g_print ("ratio to the floor:           CPU %.2f×, wall %.2f×; %.2f µs CPU per request\n",
               cli_run.cpu / floor_run.cpu, cli_run.wall / floor_run.wall,
               cli_run.cpu * 1e6 / N_REQUESTS);
    }
  else
    g_printerr ("the command or its floor failed on %s\n", path);
  g_unlink (path);
}

int
main (int argc, char *argv[])
{
  g_autoptr(CnTriage) triage = NULL;
  g_autofree Request *requests = NULL;
  char **keys;
  const char *write_path = NULL;
  gboolean explore = FALSE;
  gboolean quick = FALSE;
  const char *cli = NULL;
  struct rusage usage;
  guint n_truth = 0;
  double seconds;

  setlocale (LC_ALL, "");
  for (int i = 1; i < argc; i++)
    {
      if (strcmp (argv[i], "--write") == 0 && i + 1 < argc)
        write_path = argv[++i];
      else if (strcmp (argv[i], "--explore") == 0)
        explore = TRUE;
      else if (strcmp (argv[i], "--quick") == 0)
        quick = TRUE;
      else if (strcmp (argv[i], "--floor") == 0 && i + 1 < argc)
        return run_floor (argv[i + 1]);
      else if (strcmp (argv[i], "--cli") == 0 && i + 1 < argc)
        cli = argv[++i];
      else if (strcmp (argv[i], "--requests") == 0 && i + 1 < argc)
        {
          /* Not within MAX(), which would read the next argument too. */
          guint64 n = g_ascii_strtoull (argv[++i], NULL, 10);

          n_requests = (guint) CLAMP (n, 1000, 10000000);
        }
      else if (strcmp (argv[i], "--seed") == 0 && i + 1 < argc)
        rng_state = g_ascii_strtoull (argv[++i], NULL, 10) | 1;
      else
        {
          g_printerr ("usage: %s [--write FILE] [--explore] [--quick] [--cli PATH] "
                      "[--requests N] [--seed S]\n",
                      argv[0]);
          return 2;
        }
    }

  if (cli != NULL)
    measure_command (argv[0], cli);
  requesters = g_new0 (Person, N_REQUESTERS);
  requests = generate (&n_truth);
  g_print ("%u requests to %u contacts, %u planted campaigns\n", N_REQUESTS, N_CONTACTS, n_truth);
  if (write_path != NULL && !write_set (write_path, requests))
    {
      g_printerr ("could not write %s\n", write_path);
      return 1;
    }

  keys = g_new0 (char *, N_REQUESTERS + N_CONTACTS + 1);
  for (guint i = 0; i < N_REQUESTERS; i++)
    keys[i] = g_strdup_printf ("requester-%u", i);
  for (guint i = 0; i < N_CONTACTS; i++)
    keys[N_REQUESTERS + i] = g_strdup_printf ("contact-%u", i);

  if (explore)
    {
      static const guint shingles[] = { 2, 3 };
      static const guint slots[] = { 32, 36, 40, 44 };

      explore_similarity (requests, n_truth);
      for (guint s = 0; s < G_N_ELEMENTS (shingles); s++)
        for (guint t = 0; t < G_N_ELEMENTS (slots); t++)
          {
            g_autofree char *label = NULL;
            g_autoptr(CnTriage) tried = NULL;

            _cn_fingerprint_tune (4, 8, shingles[s], slots[t]);
            tried = triage_all (requests, keys, &seconds);
            label = g_strdup_printf ("shingles of %u words, %u/%u equal (%.2f s)", shingles[s],
                                     slots[t], CN_FINGERPRINT_N_HASHES, seconds);
            print_quality (label, measure_quality (tried, requests, n_truth));
          }
      return 0;
    }

  {
    gint64 start = g_get_monotonic_time ();

    triage = triage_all (requests, keys, &seconds);
    getrusage (RUSAGE_SELF, &usage);
    g_print ("triaged %u requests in %.3f s of CPU time (one core), %.3f s wall; "
             "peak RSS of this program %.0f MB\n",
             N_REQUESTS, seconds, (g_get_monotonic_time () - start) / 1e6,
             usage.ru_maxrss / 1024.0);
  }
  if (quick)
    return 0;
  {
    /* Of which: the fingerprints alone (stored, they are not redone). */
    CnFingerprint fp;
    double start = cpu_seconds ();

    for (guint i = 0; i < N_REQUESTS; i++)
      cn_fingerprint_compute_full (&fp, requests[i].note, contacts[requests[i].target].name,
                                   requesters[requests[i].requester].name);
    g_print ("  of which computing the fingerprints: %.3f s\n", cpu_seconds () - start);
  }
  {
    /* The store's case: the index built again from stored fingerprints. */
    g_autofree CnFingerprint *fps = g_new (CnFingerprint, N_REQUESTS);
    g_autoptr(CnTriage) again = cn_triage_new (3, 30);
    double start;

    for (guint i = 0; i < N_REQUESTS; i++)
      cn_fingerprint_compute_full (&fps[i], requests[i].note, contacts[requests[i].target].name,
                                   requesters[requests[i].requester].name);
    start = cpu_seconds ();
    for (guint i = 0; i < N_REQUESTS; i++)
      {
        CnTriageItem item = item_for (&requests[i], keys);

        item.fingerprint = &fps[i];
        cn_triage_add (again, &item, NULL);
      }
    g_print ("index built from stored fingerprints: %.3f s\n", cpu_seconds () - start);
  }
  print_quality ("campaign membership", measure_quality (triage, requests, n_truth));
  measure_add_one (triage, requests, keys);

  g_strfreev (keys);
  for (guint i = 0; i < N_REQUESTS; i++)
    g_free (requests[i].note);
  return 0;
}
