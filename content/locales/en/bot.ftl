welcome =
    Hello, and welcome to { $bot_name }.
    Here you can read short notes about your rights and share what you think about the peace process.
    You decide what to share. You can stop at any time.
help =
    What you can do here:
    /start – begin again
    /help – this message
    If something does not work, tell the people who gave you this link.
error-apology = Sorry, something went wrong on our side. Nothing you sent was lost. Please try again in a moment.
slow-down = You are sending messages very fast. Please wait a few seconds.
edit-ignored = I can't see changes to a message you already sent. Please send a new message instead.
not-understood = Sorry, I didn't understand that. Please use the buttons, or send /help.
command-start = Begin or start again
command-help = What this bot does
