welcome =
    Bonjour et bienvenue sur { $bot_name }.
    Ici, tu peux lire de courtes notes sur tes droits et dire ce que tu penses du processus de paix.
    Tu décides ce que tu partages. Tu peux arrêter à tout moment.
help =
    Ce que tu peux faire ici :
    /start – recommencer
    /help – ce message
    Si quelque chose ne marche pas, dis-le aux personnes qui t'ont donné ce lien.
error-apology = Désolé, un problème est survenu de notre côté. Rien de ce que tu as envoyé n'est perdu. Réessaie dans un instant.
slow-down = Tu envoies des messages très vite. Attends quelques secondes, s'il te plaît.
edit-ignored = Je ne vois pas les modifications d'un message déjà envoyé. Envoie plutôt un nouveau message.
not-understood = Désolé, je n'ai pas compris. Utilise les boutons ou envoie /help.
command-start = Commencer ou recommencer
command-help = Ce que fait ce bot
