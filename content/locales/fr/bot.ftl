# peacebot — French (familiar "tu"). Every key in en/bot.ftl must exist here with the same placeholders
# (tests/test_translations.py checks). Keep messages short: people read them on old phones.

## This language's own name, on the language buttons.
language-name = Français
language-choose = Choisis ta langue.

welcome =
    Bonjour et bienvenue sur { $bot_name }.
    Ici, tu peux lire de courtes notes sur tes droits et dire ce que tu penses du processus de paix.
    Tu décides ce que tu partages. Tu peux arrêter à tout moment.
help =
    Ce que tu peux faire ici :
    /menu – le menu principal
    /settings – changer ta langue, tes réponses sur toi et nos messages
    /mydata – voir tout ce que nous gardons sur toi
    /delete – effacer tout ce que nous gardons sur toi
    /stop – ne plus recevoir nos messages (envoie /start pour revenir)
    /language – changer de langue
    Si quelque chose ne marche pas, dis-le à { $contact }.

## Consent. $organisation, $contact and $shared_with are the deployment's own words.
default-organisation = les personnes qui t'ont donné le lien vers ce bot
default-contact = la personne qui t'a donné le lien
default-shared-with = personne en dehors de l'équipe organisatrice ; les rapports ne montrent que des totaux
consent-notice =
    Avant de commencer, lis ceci s'il te plaît.
    Ce bot est géré par { $organisation }. Pour les contacter : { $contact }.
    Tes réponses aident à planifier selon les besoins de ta communauté. Qui les voit : { $shared_with }.
    Nous ne gardons pas ton nom, ton nom d'utilisateur ni ton numéro de téléphone.
    Telegram est une autre entreprise. Les conversations avec les bots ne sont pas des conversations secrètes : Telegram peut lire celle-ci.
    Il y a un risque : une personne qui prend ton téléphone peut lire cette conversation. Le menu a un bouton « Sortie rapide ».
    À tout moment : /mydata montre ce que nous gardons, /delete l'efface, /stop arrête nos messages.
consent-details =
    Plus de détails
    Qui gère ce bot : { $organisation }. Contact : { $contact }.
    Ce que nous gardons : la langue que tu as choisie, le moment où tu as accepté, d'où tu nous as rejoints, et les réponses que tu choisis de donner. Les réponses écrites sont gardées verrouillées, celles de chaque personne avec sa propre clé. Quand tu effaces tes données, ta clé est détruite et tes réponses ne pourront plus jamais être lues.
    Ce que nous ne gardons jamais : ton nom, ton nom d'utilisateur, ton numéro de téléphone ou l'endroit où tu te trouves. Nous ne les demandons jamais.
    À quoi servent tes réponses : comprendre ce dont les gens d'ici ont besoin et ce qu'ils pensent du processus de paix, et le dire aux personnes qui prennent les décisions.
    Qui les voit : { $shared_with }. Les rapports cachent les petits groupes, pour que les gens soient plus difficiles à reconnaître.
    Telegram : une autre entreprise, qui transporte ces messages. Elle peut lire cette conversation (les conversations avec les bots ne sont pas des conversations secrètes) et garde ses propres traces de qui utilise quel bot.
    Risques : si quelqu'un voit ton téléphone, il peut voir cette conversation. Utilise « Sortie rapide » dans le menu pour effacer les messages des deux derniers jours.
    Tes choix : /mydata montre ce que nous gardons, /delete l'efface, /stop arrête nos messages. Si tu dis non, rien ne change pour toi.
consent-agree = J'accepte
consent-decline = Non merci
consent-more = Plus de détails
consent-declined = Pas de problème. Nous n'avons rien gardé sur toi. Si tu changes d'avis, envoie /start.
consent-changed = Nous avons changé la façon dont nous utilisons et protégeons tes réponses. Lis de nouveau ce texte et fais ton choix, s'il te plaît.
consent-still-declined =
    Pas de problème. Nous ne t'enverrons pas de messages.
    Ce que nous avons déjà reste enregistré. Pour l'effacer, envoie /delete. Pour relire les informations, envoie /start.
consent-thanks = Merci. Quelques questions courtes sur toi nous aident à vérifier que chaque groupe est entendu. Tu peux sauter celles que tu veux.

## The optional profile.
profile-age_band-question = Quel âge as-tu ?
profile-age_band-under-18 = Moins de 18 ans
profile-age_band-18-24 = 18 à 24 ans
profile-age_band-25-29 = 25 à 29 ans
profile-age_band-30-39 = 30 à 39 ans
profile-age_band-40-59 = 40 à 59 ans
profile-age_band-60-plus = 60 ans ou plus
profile-gender-question = Quel est ton genre ?
profile-gender-woman = Femme
profile-gender-man = Homme
profile-gender-another = Autre genre
profile-region-question = Dans quelle zone habites-tu ?
profile-role-question = Qu'est-ce qui te décrit le mieux ?
profile-role-community-member = Membre de la communauté
profile-role-womens-group = Membre d'un groupe de femmes
profile-role-youth-group = Membre d'un groupe de jeunes
profile-role-civil-society = Association (société civile)
profile-role-faith-leader = Responsable religieux
profile-role-local-authority = Autorité locale
profile-role-other = Autre
profile-prefer-not = Je préfère ne pas dire
profile-skip = Passer
profile-clear = Retirer ma réponse
profile-done = Merci. Tu peux changer ces réponses à tout moment dans /settings.
profile-saved = C'est enregistré.
minor-may-continue =
    Tu as dit que tu as moins de 18 ans. Tu peux participer.
    Certaines questions sont seulement pour les adultes : nous ne te les enverrons pas.
    Si quelque chose ici t'inquiète, parles-en à un adulte de confiance.
minor-confirm =
    Tu as choisi « Moins de 18 ans ». Ce service est seulement pour les personnes de 18 ans ou plus. Si c'est bien ton âge, nous effacerons tout ce que tu nous as donné.
    As-tu moins de 18 ans ?
minor-confirm-yes = Oui, j'ai moins de 18 ans
minor-confirm-no = Non, revenir en arrière
minor-may-not =
    Tu as dit que tu as moins de 18 ans. Ce service est seulement pour les personnes de 18 ans ou plus, donc tu ne peux pas participer.
    Nous avons effacé tout ce que tu nous as donné. Merci de ton intérêt.

## Main menu.
menu-title = Que veux-tu faire ?
menu-learn = Connaître tes droits
menu-surveys = Donner ton avis
menu-settings = Réglages
menu-mydata = Mes données
menu-help = Aide
menu-quick-exit = Sortie rapide

## Learning about your rights.
learn-title = De courtes notes sur tes droits, en mots simples. Par où veux-tu commencer ?
learn-suggest = Propose-m'en une
learn-topics = Choisir un thème
learn-ask = Poser une question
learn-drip-on = Une par semaine : oui
learn-drip-off = Une par semaine : non
topics-title = Choisis un thème :
topic-what-are-rights = Ce que sont les droits
topic-participation = Avoir son mot à dire
topic-expression-assembly = S'exprimer et se réunir
topic-equality = Égalité de traitement
topic-women-peace-security = Femmes et paix
topic-youth-peace-security = Jeunes et paix
topic-defenders = Défendre les droits
topic-transitional-justice = Vérité, justice et réparation
topic-land-property = Terre et logement
topic-freedom-from-violence = Vivre sans violence
topic-information = Obtenir des informations
topic-safety = Rester en sécurité
explainer-more = Dis-m'en plus
explainer-next = Suivant
explainer-related = À lire aussi
explainer-related-title = À lire aussi :
explainer-helpful-yes = Utile
explainer-helpful-no = Pas utile
explainer-thanks = Merci. Cela nous aide à choisir de meilleures notes.
explainer-all-read = Tu as lu toutes les notes que nous avons pour toi. Choisis un thème pour en relire une.
ask-prompt = Écris ta question en quelques mots, par exemple : « Est-ce que je peux refuser d'aller à une réunion ? » Nous l'utilisons seulement pour chercher dans nos notes, et nous ne la gardons pas.
ask-results = Ces notes peuvent t'aider :
ask-nothing = Désolé, nous n'avons pas encore de note sur ce sujet.
default-local-help = les personnes qui t'ont donné le lien vers ce bot
reason-everyone = Une note pour tout le monde.
reason-topic = Dans le thème que tu as choisi.
reason-age-youth = Parce que tu nous as dit ton âge : celle-ci est pour les jeunes.
reason-gender-woman = Parce que tu nous as dit que tu es une femme.
reason-role-youth-group = Parce que tu nous as dit que tu fais partie d'un groupe de jeunes.
reason-role-womens-group = Parce que tu nous as dit que tu fais partie d'un groupe de femmes.
reason-role-faith-leader = Parce que tu nous as dit que tu as un rôle de responsable religieux.
reason-role-civil-society = Parce que tu nous as dit que tu travailles dans une association de la société civile.
reason-role-local-authority = Parce que tu nous as dit que tu travailles pour une autorité locale.
reason-link = Selon l'endroit d'où tu nous as rejoints.
drip-intro = Ta note de la semaine :

## Settings.
settings-summary =
    Tes réglages
    Langue : { $language }
    Âge : { $age_band }
    Genre : { $gender }
    Zone : { $region }
    Rôle : { $role }
    Nouvelles de notre part : { $updates }
    Messages sans son : { $silent }
settings-not-answered = pas de réponse
settings-on = oui
settings-off = non
settings-change-language = Changer de langue
settings-change-age_band = Changer l'âge
settings-change-gender = Changer le genre
settings-change-region = Changer la zone
settings-change-role = Changer le rôle
settings-updates-on = Recevoir nos nouvelles : oui
settings-updates-off = Recevoir nos nouvelles : non
settings-silent-on = Messages sans son : oui
settings-silent-off = Messages sans son : non
settings-drip-on = Une note par semaine : oui
settings-drip-off = Une note par semaine : non
settings-back = Retour au menu
language-changed = C'est fait : je t'écrirai en français.

## My data.
mydata-summary =
    Voici tout ce que nous gardons sur toi.
    Numéro de référence (ce n'est pas ton compte Telegram) : { $reference }
    Langue : { $language }
    Texte accepté : version { $consent_version }, { $consented_at }
    Tu nous as rejoints par : { $source }
    Âge : { $age_band }
    Genre : { $gender }
    Zone : { $region }
    Rôle : { $role }
    Nouvelles de notre part : { $updates }
    Messages sans son : { $silent }
    Une note par semaine : { $drip }
    Notes que tu as lues : { $reads }
    Questionnaires auxquels tu as répondu : { $surveys }
    Premier contact : { $created_at }
    Nous gardons aussi le numéro de cette conversation, seulement pour que le bot puisse t'écrire.
    Le fichier ci-dessous contient les mêmes informations, pour que tu les gardes.
mydata-source-none = pas enregistré
mydata-file-caption = Tes données dans ce bot.
mydata-nothing = Nous ne gardons rien sur toi. Envoie /start pour commencer.

## Erasure and stopping.
delete-confirm =
    Effacer tout ce que nous gardons sur toi ?
    Cela retire tes réponses, tes réglages et ton accord, et détruit ta clé. On ne pourra pas revenir en arrière.
delete-yes = Oui, tout effacer
delete-cancel = Non, garder
delete-cancelled = Rien n'a été effacé.
delete-done =
    C'est fait. Nous avons effacé tout ce que nous gardions sur toi : tes réponses, tes réglages, ton accord, ta clé et le numéro de cette conversation.
    Mais Telegram garde cette conversation sur ton téléphone tant que tu ne l'effaces pas. Il garde aussi ses propres traces montrant que tu as utilisé ce bot. Nous ne pouvons pas les effacer.
    Envoie /start si un jour tu veux revenir.
stop-done =
    Tu ne recevras plus de messages de notre part. Nous gardons tes données ; /delete les efface.
    Envoie /start quand tu veux revenir.
start-resumed = Bon retour parmi nous. Tu vas de nouveau recevoir nos messages.
start-returning = Bon retour parmi nous.

## Quick exit.
quick-exit-done = C'est fait.
quick-exit-what = Qu'est-ce qui reste ?
quick-exit-limits = J'ai effacé les messages des 2 derniers jours, depuis ton arrivée. Restent : les plus anciens, les notifications déjà vues, les copies de Telegram et la conversation dans ta liste : supprime-la.

## Anything unexpected.
error-apology = Désolé, un problème est survenu de notre côté. Réessaie dans un instant.
slow-down = Tu envoies des messages très vite. Attends quelques secondes, s'il te plaît.
edit-ignored = Je ne vois pas les modifications d'un message déjà envoyé. Envoie plutôt un nouveau message.
not-understood = Désolé, je n'ai pas compris. Utilise les boutons ou envoie /help.
use-buttons = Réponds avec les boutons, s'il te plaît.
start-first = Envoie /start pour commencer.
private-only = Je fonctionne seulement dans une conversation privée. Écris-moi directement, pas dans un groupe.
button-expired = Ce bouton ne marche plus.

## Surveys: "share your views". { $title } is the survey's own title.
surveys-title = Ces questionnaires sont ouverts pour toi. Tes réponses sont enregistrées au fur et à mesure : tu peux arrêter et reprendre plus tard.
surveys-none = Il n'y a pas de questionnaire pour toi en ce moment. Nous te préviendrons quand il y en aura un, si tu as choisi de recevoir nos messages.
surveys-entry = • { $title } : { $size }
surveys-continue-title = Reprendre : { $title }
survey-to-menu = Retour au menu
survey-other-surveys = Autres questionnaires
survey-size = { $questions ->
    [one] { $questions } question
   *[other] { $questions } questions
  }, environ { $minutes ->
    [one] { $minutes } minute
   *[other] { $minutes } minutes
  }.
survey-linked = Tes réponses sont gardées avec ta tranche d'âge, ton genre, ta zone et ton rôle, si tu les as donnés. Ainsi, les rapports peuvent montrer ce que pensent les différents groupes. Jamais avec ton nom.
survey-anonymous = Ce questionnaire est anonyme : tes réponses sont gardées sans ta tranche d'âge, ton genre, ta zone ni ton rôle.
survey-started = Tu l'as déjà commencé : tu en es à la question { $number } sur { $total }.
survey-start = Commencer
survey-continue = Reprendre
survey-question-number = Question { $number } sur { $total }
survey-other = Autre
survey-other-prompt = Tu as choisi « Autre » pour : { $question }
    Écris ta réponse en quelques mots, s'il te plaît.
survey-choose-one = Choisis une réponse.
survey-choose-many = Choisis toutes les réponses qui conviennent, puis appuie sur « Terminé ».
survey-rank = { $count ->
    [one] Choisis la réponse la plus importante pour toi.
   *[other] Choisis les { $count } réponses les plus importantes pour toi, la plus importante en premier.
  }
survey-rank-so-far = Ton ordre pour l'instant :
survey-scale = Choisis un nombre de { $low } ({ $low_label }) à { $high } ({ $high_label }).
survey-scale-plain = Choisis un nombre de { $low } à { $high }.
survey-type-whole-number = Écris un nombre entier.
survey-type-number = Écris un nombre.
survey-type-text = Écris ta réponse. N'écris pas de noms de personnes, s'il te plaît.
survey-send-voice = Envoie un message vocal : garde le doigt sur le bouton du micro pendant que tu parles. Ne dis pas de noms de personnes, s'il te plaît.
survey-next = Continuer
survey-done = Terminé
survey-undo = Annuler le dernier choix
survey-back = Retour
survey-skip = Passer
survey-pause = Pause, reprendre après
survey-thanks = Merci. Tes réponses sont enregistrées. Les organisateurs les utiliseront, avec celles des autres, pour prévoir les besoins de ta communauté ; les rapports montrent des totaux, jamais de noms.
survey-paused = C'est en pause. Tes réponses jusqu'ici sont enregistrées. Pour reprendre, ouvre « Donner ton avis » dans le menu.
survey-button-old = Cette question a déjà une réponse.
survey-refused-use-buttons = Réponds avec les boutons sous la question, s'il te plaît.
survey-refused-choose = Choisis une réponse avec les boutons, s'il te plaît.
survey-refused-required = Cette question demande une réponse.
survey-refused-number = Écris un nombre, par exemple 12.
survey-refused-whole-number = Écris un nombre entier, sans virgule.
survey-refused-constraint = Cette réponse n'est pas possible ici. Vérifie-la et réessaie.
survey-refused-too-long = C'est trop long. Écris moins de 2000 caractères, s'il te plaît.
survey-refused-text-expected = Écris ta réponse dans un message texte, s'il te plaît.
survey-refused-voice-expected = Envoie un message vocal pour cette question, ou passe-la.
survey-refused-rank-incomplete = Choisis autant de réponses que demandé, la plus importante en premier.
survey-unavailable-closed = Ce questionnaire est fermé. Merci de ton intérêt.
survey-unavailable-draft = Ce questionnaire n'est pas ouvert.
survey-unavailable-not-invited = Ce questionnaire est seulement pour les personnes invitées.
survey-unavailable-already-answered = Tu as déjà répondu à ce questionnaire. Merci.
survey-unavailable-not-in-language = Ce questionnaire n'existe pas dans ta langue.

## Facilitators (/surveys). Only staff see these.
staff-surveys-title = Les questionnaires de la bibliothèque. Choisis-en un pour voir ses chiffres, l'ouvrir, le fermer ou le prévisualiser.
staff-surveys-none = Il n'y a aucun questionnaire dans la bibliothèque. Mets les fichiers de questionnaires dans content/surveys/ et redémarre le bot.
staff-survey-line = { $title } ({ $status })
staff-status-draft = brouillon
staff-status-open = ouvert
staff-status-closed = fermé
staff-survey-summary = { $title }
    Nom : { $id }, version { $version }
    État : { $status }
    Questions : { $questions }. Durée : environ { $minutes } min. Langues : { $languages }
    Commencés : { $started }. Terminés : { $completed }.
staff-survey-answered = Réponses par question :
staff-survey-more = …et { $count } de plus : voir `peacebot survey stats`.
staff-reopen-closed = Ce questionnaire a fermé le { $date }. Pour le rouvrir, change « closes » dans son fichier et redémarre le bot.
staff-open = Ouvrir
staff-close = Fermer
staff-opened = Ouvert.
staff-closed = Fermé.
staff-preview = Aperçu : { $language }
staff-refresh = Actualiser
staff-back = Tous les questionnaires
staff-preview-start = Aperçu de « { $title } » ({ $language }), exactement comme le voit une personne qui participe. Rien de ce que tu réponds n'est enregistré. « Pause, reprendre après » termine l'aperçu.
staff-preview-ended = L'aperçu est terminé. Rien n'a été enregistré.

staff-help = Pour donner ou retirer un rôle, écris :
    /staff grant ID_TELEGRAM RÔLE
    /staff revoke ID_TELEGRAM RÔLE
    Rôles : facilitator (questionnaires), organiser (exports), admin. La personne peut trouver son identifiant Telegram avec un bot comme @userinfobot.
    Rôles donnés : { $summary }. Admins des réglages : { $admins }.
staff-bad-command = Je n'ai pas compris. Écris par exemple : /staff grant 12345 facilitator (un identifiant Telegram, puis facilitator, organiser ou admin).
staff-granted = C'est fait : cette personne a maintenant le rôle { $role }. Son menu de commandes l'affiche.
staff-already = Cette personne a déjà ce rôle ({ $role }). Rien n'a changé.
staff-revoked = C'est fait : cette personne n'a plus le rôle { $role }.
staff-did-not-have = Cette personne n'avait pas ce rôle ({ $role }). Rien n'a changé.
staff-admin-from-settings = Cette personne est admin par le réglage ADMIN_IDS : retire-la de ce réglage.

## The command menu (short descriptions, at most 256 characters).
command-start = Commencer ou recommencer
command-menu = Le menu principal
command-settings = Langue, tes réponses, nos messages
command-language = Changer de langue
command-mydata = Voir ce que nous gardons sur toi
command-delete = Effacer tout ce qui te concerne
command-stop = Ne plus recevoir nos messages
command-help = Ce que fait ce bot
command-surveys = Questionnaires : chiffres, ouvrir, fermer, aperçu
command-staff = Donner ou retirer des rôles
command-broadcast = Envoyer un questionnaire, une note ou un message aux personnes qui participent
command-export = Exporter les réponses dans un fichier sûr

## Broadcasts: what participants receive.
broadcast-why = Tu reçois ce message parce que tu as demandé à recevoir nos nouvelles. Pour ne plus les recevoir : /settings
broadcast-survey-invitation = Nous t'invitons à donner ton avis.
broadcast-explainer-intro = Une information qui peut t'être utile :
broadcast-menu = Menu

## Broadcasts: the facilitator's progress message.
broadcast-progress = Diffusion { $id } : { $status }
    Envoyés : { $sent } sur { $total }
    Envoi impossible : { $failed }
    Ont bloqué le bot ou quitté Telegram : { $unreachable }
    Pas envoyés (ne veulent plus de nouvelles ou sont partis) : { $skipped }
    Reste à envoyer : { $remaining } (environ { $minutes } min)
broadcast-progress-stopped = Arrêtés avant l'envoi : { $count }
broadcast-status-draft = pas encore confirmée
broadcast-status-scheduled = programmée
broadcast-status-sending = en cours d'envoi
broadcast-status-done = terminée
broadcast-status-cancelled = arrêtée
broadcast-scheduled-for = Début prévu : { $moment }
broadcast-cancel = Arrêter l'envoi
broadcast-finished = Plus rien ne sera envoyé.

## Broadcasts: what a facilitator can fix.
broadcast-problem-unknown-kind = Il n'existe pas de diffusion de type « { $kind } ». Choisis une invitation à un questionnaire, une note ou un message.
broadcast-problem-nobody = Personne ne correspond à ce public (on compte seulement les personnes qui ont demandé nos nouvelles et qu'on peut joindre). Choisis un public plus large.
broadcast-problem-unknown-survey = Il n'y a pas de questionnaire « { $survey } » dans la bibliothèque.
broadcast-problem-survey-not-open = Le questionnaire « { $survey } » n'est pas ouvert. Ouvre-le d'abord (/surveys), puis invite les gens à y répondre.
broadcast-problem-unknown-explainer = Il n'y a pas de note « { $explainer } » dans la bibliothèque.
broadcast-problem-message-too-long = Le texte ({ $language }) est trop long : { $limit } caractères au maximum, pour qu'il tienne sur un seul écran de téléphone.
broadcast-problem-missing-languages = { $people ->
    [one] { $people } personne de ce public lit { $languages }, et il n'y a pas de texte pour elle dans sa langue.
   *[other] { $people } personnes de ce public lisent { $languages }, et il n'y a pas de texte pour elles dans leur langue.
  } Ajoute ce texte, ou choisis un public sans ces personnes. Rien n'est jamais envoyé dans une langue que la personne n'a pas choisie.
broadcast-problem-in-the-past = Ce moment est déjà passé. Choisis un moment à venir.
broadcast-problem-unknown-broadcast = Tu n'as aucune diffusion numéro { $id }.
broadcast-problem-not-a-draft = La diffusion { $id } a déjà été confirmée ou arrêtée. Rien n'a changé.
broadcast-problem-already-finished = La diffusion { $id } est déjà terminée ou a été arrêtée. Rien n'a changé.

## Broadcasts: the facilitator's chat flow. What comes after "=" in a filter (gender=woman)
## and the format YYYY-MM-DD HH:MM are what the facilitator types: keep them as they are.
broadcast-flow-what-kind = Que veux-tu envoyer ? Seules les personnes qui ont demandé nos nouvelles le reçoivent.
broadcast-flow-kind-survey = Inviter à un questionnaire
broadcast-flow-kind-explainer = Une note
broadcast-flow-kind-message = Un message avec tes propres mots
broadcast-flow-recent = Diffusions récentes
broadcast-flow-back = Retour
broadcast-flow-start-again = Recommencer
broadcast-flow-choose-survey = Quel questionnaire ? Seuls les questionnaires ouverts sont dans la liste.
broadcast-flow-no-open-survey = Aucun questionnaire n'est ouvert en ce moment. Ouvres-en un avec /surveys, puis reviens.
broadcast-flow-choose-explainer = Quelle note ?
broadcast-flow-choose-explainer-first = Quelle note ? Voici les { $count } premières, classées par titre.
broadcast-flow-choose-audience = Qui doit le recevoir ? Quel que soit ton choix, seules les personnes qui ont demandé nos nouvelles, ne les ont pas arrêtées et peuvent encore être jointes le reçoivent.
broadcast-flow-everyone = Toutes les personnes qui ont demandé nos nouvelles
broadcast-flow-describe = Décrire un public
broadcast-flow-filter-help = Décris le public en une ligne, par exemple :
    { $example }
    Ce que tu peux utiliser (un champ absent n'exclut personne) :
    language = { $languages }
    age = youth (18 à 29 ans), ou { $ages }
    gender = { $genders }
    region = { $regions }
    role = { $roles }
    source = le nom d'un lien d'inscription
    answered = le nom d'un questionnaire : les personnes qui l'ont terminé
    not-answered = le nom d'un questionnaire : les personnes qui ne l'ont pas terminé
    active-since = 30d (les 30 derniers jours) ou un jour comme 2026-01-31
    Plusieurs valeurs : language=fr,ar. Mets un nom avec des espaces entre guillemets : region="North Kivu". Écris everyone pour toutes les personnes qui ont demandé nos nouvelles.
broadcast-flow-any-region = le nom de zone que tu utilises, quel qu'il soit
broadcast-flow-filter-problem = Je n'ai pas pu utiliser cela : { $problem }
    Écris-le de nouveau, s'il te plaît.
broadcast-flow-audience = Ce public : { $total ->
    [one] { $total } personne
   *[other] { $total } personnes
  }. Par langue : { $summary }.
broadcast-flow-everyone-label = toutes les personnes qui ont demandé nos nouvelles
broadcast-flow-language = { $language ->
    [en] anglais
    [fr] français
    [ar] arabe
    [es] espagnol
   *[other] { $language }
  }
broadcast-flow-ask-text = Maintenant, le texte pour { $count ->
    [one] la personne qui lit
   *[other] les { $count } personnes qui lisent
  } en { $language }. Écris-le en un seul message, { $limit } caractères au maximum ; il est envoyé exactement comme tu l'écris.
broadcast-flow-skip-language = Pas de texte en { $language }
broadcast-flow-type-text = Écris le texte dans un message, s'il te plaît. Les autocollants, les photos, les messages vocaux et les fichiers ne peuvent pas être envoyés dans une diffusion.
broadcast-flow-add-texts = Écrire les textes qui manquent
broadcast-flow-other-audience = Choisir un autre public
broadcast-flow-preview-for = Aperçu pour { $count ->
    [one] la personne qui lit
   *[other] les { $count } personnes qui lisent
  } en { $language } :
broadcast-flow-what = { $kind ->
    [survey] Invitation au questionnaire « { $title } »
    [explainer] La note « { $title } »
   *[other] Un message avec tes propres mots
  }
broadcast-flow-confirm = Envoyer maintenant à { $total ->
    [one] { $total } personne
   *[other] { $total } personnes
  } ?
    Quoi : { $what }
    Public : { $audience } ({ $summary })
broadcast-flow-send-now = Envoyer maintenant
broadcast-flow-schedule = Programmer
broadcast-flow-preview-again = Revoir l'aperçu
broadcast-flow-discard = Annuler
broadcast-flow-discarded = Annulé. Rien n'a été envoyé, et rien du brouillon n'a été gardé.
broadcast-flow-ask-time = Quand l'envoi doit-il commencer ? Écris le jour et l'heure sous la forme YYYY-MM-DD HH:MM, à l'heure de { $zone }. Heure actuelle là-bas : { $now }.
broadcast-flow-bad-time = Je n'ai pas pu lire « { $given } » comme un jour et une heure. Écris-le sous la forme YYYY-MM-DD HH:MM, par exemple { $example }.
broadcast-flow-sending = C'est confirmé : la diffusion { $id } est en cours d'envoi à { $total ->
    [one] { $total } personne
   *[other] { $total } personnes
  }. Tu peux suivre l'envoi ci-dessous.
broadcast-flow-scheduled = C'est confirmé : la diffusion { $id } commencera le { $date } (heure de { $zone }).
broadcast-flow-stopped = Arrêtée. { $count ->
    [0] Plus rien ne sera envoyé.
    [one] { $count } message ne sera pas envoyé.
   *[other] { $count } messages ne seront pas envoyés.
  }
broadcast-flow-recent-none = Il n'y a pas encore de diffusion à afficher.
broadcast-flow-recent-title = Les dernières diffusions, de la plus récente à la plus ancienne :
broadcast-flow-recent-line = { $what }. Public : { $audience }.
broadcast-flow-stop-one = Arrêter la diffusion { $id }

## Organisateurs (/export). Seuls les organisateurs et les admins les voient.
staff-export-title = Exporter les réponses de quel questionnaire ? Vous recevez un fichier qui ne peut pas être transféré : des identifiants à la place des comptes, les petits groupes brouillés, et sans les réponses écrites par les personnes (pour celles-ci, utilisez `peacebot export` sur le serveur). Le fichier reste dans le cloud de Telegram, dans cette discussion, jusqu'à ce que vous le supprimiez.
staff-export-format = { $title } : quel type de fichier ? Le XLSX contient un dictionnaire des variables.
staff-export-unknown = Aucun questionnaire ne s'appelle « { $id } ». Envoyez /export pour choisir dans la liste.
staff-export-working = Préparation du fichier…
staff-export-already = Un fichier est déjà en préparation à partir de ce message. Pour un autre format, renvoyez /export.
staff-export-left-out = { $answers ->
    [one] Non incluse dans le fichier : une réponse à une question que le questionnaire ne contient plus (elle est conservée).
   *[other] Non incluses dans le fichier : { $answers } réponses à des questions que le questionnaire ne contient plus (elles sont conservées).
}
staff-export-done = { $rows ->
    [one] Une réponse.
   *[other] { $rows } réponses.
} Champs du profil effacés dans les petits groupes : { $blanked }. Une fois le fichier enregistré, supprimez ce message : Telegram le garde jusque-là.
staff-export-too-big = Le fichier est trop gros pour être envoyé ici ({ $megabytes } Mo). Demandez à la personne qui gère le serveur d'utiliser `peacebot export`.
