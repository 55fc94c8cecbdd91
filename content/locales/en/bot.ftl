# peacebot — English. Every key here must exist in fr, ar and es with the same placeholders
# (tests/test_translations.py checks). Keep messages short: people read them on old phones.

## This language's own name, on the language buttons.
language-name = English
language-choose = Choose your language.

welcome =
    Hello, and welcome to { $bot_name }.
    Here you can read short notes about your rights and share what you think about the peace process.
    You decide what to share. You can stop at any time.
help =
    What you can do here:
    /menu – the main menu
    /settings – change your language, your answers about yourself, and messages from us
    /mydata – see everything we keep about you
    /delete – erase everything we keep about you
    /stop – no more messages from us (send /start to come back)
    /language – change the language
    If something does not work, tell { $contact }.

## Consent. $organisation, $contact and $shared_with are the deployment's own words, or
## these general ones when the deployment has not set them.
default-organisation = the people who gave you the link to this bot
default-contact = the person who gave you the link
default-shared-with = nobody outside the organisers; reports show totals only
consent-notice =
    Before we start, please read this.
    This bot is run by { $organisation }. To reach them: { $contact }.
    Your answers help plan for the needs of your community. Who sees them: { $shared_with }.
    We do not keep your name, username or phone number.
    Telegram is a separate company. Chats with bots are not secret chats: Telegram can read this one.
    There is a risk: someone who takes your phone can read this chat. The menu has a quick exit.
    At any time: /mydata shows what we keep, /delete erases it, /stop ends our messages.
consent-details =
    More details
    Who runs this bot: { $organisation }. Contact: { $contact }.
    What we keep: the language you chose, when you agreed, where you joined from, and the answers you choose to give. Written answers are stored locked, each person's with their own key; when you delete your data, your key is destroyed and they can never be read again.
    What we never keep: your name, username, phone number or location. We never ask for them.
    What your answers are for: to understand what people here need and think about the peace process, and to tell decision makers.
    Who sees them: { $shared_with }. Reports hide small groups, so that people are harder to recognise.
    Telegram: a separate company that carries these messages. It can read this chat (chats with bots are not secret chats) and keeps its own records of who uses which bot.
    Risks: if someone sees your phone, they may see this chat. Use "Quick exit" in the menu to clear the last two days of messages.
    Your choices: /mydata shows what we keep, /delete erases it, /stop ends messages from us. Saying no changes nothing for you.
consent-agree = I agree
consent-decline = No thanks
consent-more = More details
consent-declined = That is fine. We have kept nothing about you. If you change your mind, send /start.
consent-changed = We have updated how we use and protect your answers. Please read this again and choose.
consent-still-declined =
    That is fine. We will not send you messages.
    What we already have is still stored. To erase it, send /delete. To read the notice again, send /start.
consent-thanks = Thank you. A few short questions about you help us make sure every group is heard. Each one is optional.

## The optional profile.
profile-age_band-question = How old are you?
profile-age_band-under-18 = Under 18
profile-age_band-18-24 = 18 to 24
profile-age_band-25-29 = 25 to 29
profile-age_band-30-39 = 30 to 39
profile-age_band-40-59 = 40 to 59
profile-age_band-60-plus = 60 or older
profile-gender-question = What is your gender?
profile-gender-woman = Woman
profile-gender-man = Man
profile-gender-another = Another gender
profile-region-question = Which area do you live in?
profile-role-question = Which of these describes you best?
profile-role-community-member = Community member
profile-role-womens-group = Member of a women's group
profile-role-youth-group = Member of a youth group
profile-role-civil-society = Civil society organisation
profile-role-faith-leader = Faith leader
profile-role-local-authority = Local authority
profile-role-other = Other
profile-prefer-not = Prefer not to say
profile-skip = Skip
profile-clear = Remove my answer
profile-done = Thank you. You can change these answers at any time in /settings.
profile-saved = Saved.
minor-may-continue =
    You said you are under 18. You can take part.
    Some questions are only for adults, and we will not send them to you.
    If anything here worries you, talk to an adult you trust.
minor-confirm =
    You chose "Under 18". This service is only for people aged 18 or older, so if that is right, we will erase everything you gave us.
    Are you under 18?
minor-confirm-yes = Yes, I am under 18
minor-confirm-no = No, go back
minor-may-not =
    You said you are under 18. This service is only for people aged 18 or older, so you cannot take part.
    We have erased everything you gave us. Thank you for your interest.

## Main menu.
menu-title = What would you like to do?
menu-learn = Learn about your rights
menu-surveys = Share your views
menu-settings = Settings
menu-mydata = My data
menu-help = Help
menu-quick-exit = Quick exit

## Learning about your rights.
learn-title = Short notes about your rights, in plain words. Where would you like to start?
learn-suggest = Suggest one for me
learn-topics = Choose a topic
learn-ask = Ask a question
learn-drip-on = One a week: yes
learn-drip-off = One a week: no
topics-title = Choose a topic:
topic-what-are-rights = What rights are
topic-participation = Having a say
topic-expression-assembly = Speaking out and meeting
topic-equality = Equal treatment
topic-women-peace-security = Women and peace
topic-youth-peace-security = Young people and peace
topic-defenders = Defending rights
topic-transitional-justice = Truth, justice and repair
topic-land-property = Land and home
topic-freedom-from-violence = Freedom from violence
topic-information = Getting information
topic-safety = Staying safe
explainer-more = Tell me more
explainer-next = Next
explainer-related = Related
explainer-related-title = Related notes:
explainer-helpful-yes = Helpful
explainer-helpful-no = Not helpful
explainer-thanks = Thank you. This helps us choose better notes.
explainer-all-read = You have read every note we have for you. Choose a topic to read one again.
ask-prompt = Type your question in a few words, for example: "Can I refuse to go to a meeting?" We use it only to search our notes, and we do not keep it.
ask-results = These notes may help:
ask-nothing = Sorry, we have no note about that yet.
default-local-help = the people who gave you the link to this bot
reason-everyone = A note for everyone.
reason-topic = From the topic you chose.
reason-age-youth = Because you told us your age: this one is for young people.
reason-gender-woman = Because you told us you are a woman.
reason-role-youth-group = Because you told us you are in a youth group.
reason-role-womens-group = Because you told us you are in a women's group.
reason-role-faith-leader = Because you told us you are a faith leader.
reason-role-civil-society = Because you told us you work in a civil society organisation.
reason-role-local-authority = Because you told us you work in a local authority.
reason-link = Because of where you joined us.
drip-intro = Your note of the week:

## Settings.
settings-summary =
    Your settings
    Language: { $language }
    Age: { $age_band }
    Gender: { $gender }
    Area: { $region }
    Role: { $role }
    Updates from us: { $updates }
    Silent messages: { $silent }
settings-not-answered = not answered
settings-on = on
settings-off = off
settings-change-language = Change language
settings-change-age_band = Change age
settings-change-gender = Change gender
settings-change-region = Change area
settings-change-role = Change role
settings-updates-on = Receive updates: yes
settings-updates-off = Receive updates: no
settings-silent-on = Silent messages: yes
settings-silent-off = Silent messages: no
settings-drip-on = One explainer a week: yes
settings-drip-off = One explainer a week: no
settings-back = Back to menu
language-changed = Done: I will write to you in English.

## My data.
mydata-summary =
    This is everything we keep about you.
    Reference number (not your Telegram account): { $reference }
    Language: { $language }
    Agreed to the notice: version { $consent_version }, { $consented_at }
    Joined through: { $source }
    Age: { $age_band }
    Gender: { $gender }
    Area: { $region }
    Role: { $role }
    Updates from us: { $updates }
    Silent messages: { $silent }
    One explainer a week: { $drip }
    Notes you have read: { $reads }
    Surveys you took part in: { $surveys }
    First seen: { $created_at }
    We also keep the number of this chat, only so that the bot can write to you.
    The file below has the same, for you to keep.
mydata-source-none = not recorded
mydata-file-caption = Your data from this bot.
mydata-nothing = We keep nothing about you. Send /start to begin.

## Erasure and stopping.
delete-confirm =
    Erase everything we keep about you?
    This removes your answers, your settings and your consent, and destroys your key. It cannot be undone.
delete-yes = Yes, erase everything
delete-cancel = No, keep it
delete-cancelled = Nothing was erased.
delete-done =
    Done. We erased everything we kept about you: your answers, your settings, your consent, your key and the number of this chat.
    Telegram itself still keeps this chat on your phone until you delete it, and its own records that you used this bot. We cannot erase those.
    Send /start if you ever want to come back.
stop-done =
    You will get no more messages from us. We keep your data; /delete erases it.
    Send /start whenever you want to come back.
start-resumed = Welcome back. You will get messages from us again.
start-returning = Welcome back.

## Quick exit.
quick-exit-done = Done.
quick-exit-what = What was not erased?
quick-exit-limits = I deleted this chat's messages from the last 2 days, since you joined. Not erased: older ones, notifications already shown, Telegram's copies, and the chat in your list: delete it in Telegram.

## Anything unexpected.
error-apology = Sorry, something went wrong on our side. Please try again in a moment.
slow-down = You are sending messages very fast. Please wait a few seconds.
edit-ignored = I can't see changes to a message you already sent. Please send a new message instead.
not-understood = Sorry, I didn't understand that. Please use the buttons, or send /help.
use-buttons = Please answer with the buttons.
start-first = Send /start to begin.
private-only = I only work in a private chat. Please write to me directly, not in a group.
button-expired = This button is no longer active.

## Surveys: "share your views". { $title } is the survey's own title.
surveys-title = These surveys are open to you. Your answers are saved as you go: you can stop and continue later.
surveys-none = There is no survey for you right now. We will tell you when there is one, if you chose to get messages from us.
surveys-entry = • { $title }: { $size }
surveys-continue-title = Continue: { $title }
survey-to-menu = Back to the menu
survey-other-surveys = Other surveys
survey-size = { $questions ->
    [one] 1 question
   *[other] { $questions } questions
  }, about { $minutes ->
    [one] 1 minute
   *[other] { $minutes } minutes
  }.
survey-linked = Your answers are kept with your age group, gender, region and role if you gave them, so that reports can show what different groups think. Never with your name.
survey-anonymous = This survey is anonymous: your answers are kept without your age group, gender, region or role.
survey-started = You have started it: you are at question { $number } of { $total }.
survey-start = Start
survey-continue = Continue
survey-question-number = Question { $number } of { $total }
survey-other = Other
survey-other-prompt = You chose "Other" for: { $question }
    Please write your answer in a few words.
survey-choose-one = Choose one answer.
survey-choose-many = Choose all that apply, then press "Done".
survey-rank = Choose your top { $count }, the most important first.
survey-rank-so-far = Your order so far:
survey-scale = Choose a number from { $low } ({ $low_label }) to { $high } ({ $high_label }).
survey-scale-plain = Choose a number from { $low } to { $high }.
survey-type-whole-number = Type a whole number.
survey-type-number = Type a number.
survey-type-text = Type your answer. Please do not write names of people.
survey-send-voice = Send a voice message: hold the microphone button while you speak. Please do not say names of people.
survey-next = Continue
survey-done = Done
survey-undo = Undo the last one
survey-back = Back
survey-skip = Skip
survey-pause = Pause, continue later
survey-thanks = Thank you. Your answers are saved. The organisers will use them, with everyone else's, to plan for the needs of your community; reports show totals, never names.
survey-paused = Paused. Your answers so far are saved. To continue, open "Share your views" from the menu.
survey-button-old = This question was already answered.
survey-refused-use-buttons = Please answer with the buttons under the question.
survey-refused-choose = Please choose an answer with the buttons.
survey-refused-required = This question needs an answer.
survey-refused-number = Please type a number, for example 12.
survey-refused-whole-number = Please type a whole number, without a decimal point.
survey-refused-constraint = This answer is not possible here. Please check it and try again.
survey-refused-too-long = This is too long. Please keep it shorter, under 2000 characters.
survey-refused-text-expected = Please type your answer as a text message.
survey-refused-voice-expected = Please send a voice message for this question, or skip it.
survey-refused-rank-incomplete = Please choose as many as asked, the most important first.
survey-unavailable-closed = This survey is closed. Thank you for your interest.
survey-unavailable-draft = This survey is not open.
survey-unavailable-not-invited = This survey is only for the people who were invited to it.
survey-unavailable-already-answered = You have already answered this survey. Thank you.
survey-unavailable-not-in-language = This survey is not available in your language.

## Facilitators (/surveys). Only staff see these.
staff-surveys-title = Surveys in the library. Choose one to see its counts, open, close or preview it.
staff-surveys-none = There are no surveys in the library. Put survey files in content/surveys/ and restart the bot.
staff-survey-line = { $title } ({ $status })
staff-status-draft = draft
staff-status-open = open
staff-status-closed = closed
staff-survey-summary = { $title }
    Name: { $id }, version { $version }
    Status: { $status }
    { $questions } questions, about { $minutes } minutes. Languages: { $languages }
    Started: { $started }. Completed: { $completed }.
staff-survey-answered = Answers per question:
staff-survey-more = …and { $count } more: see `peacebot survey stats`.
staff-reopen-closed = This survey closed on { $date }. To open it again, change "closes" in its file and restart the bot.
staff-open = Open it
staff-close = Close it
staff-opened = Opened.
staff-closed = Closed.
staff-preview = Preview in { $language }
staff-refresh = Refresh
staff-back = All surveys
staff-preview-start = Preview of "{ $title }" in { $language }, exactly as a participant sees it. Nothing you answer is stored. "Pause" ends the preview.
staff-preview-ended = The preview has ended. Nothing was stored.

staff-help = To give or take a staff role, write:
    /staff grant TELEGRAM_ID ROLE
    /staff revoke TELEGRAM_ID ROLE
    Roles: facilitator (surveys), organiser (exports), admin. The person can find their Telegram id with a bot such as @userinfobot.
    Roles given now: { $summary }. Admins from the settings: { $admins }.
staff-bad-command = I did not understand. Write, for example: /staff grant 12345 facilitator (a Telegram id, then facilitator, organiser or admin).
staff-granted = Done: they are now { $role }. Their command menu shows it.
staff-already = They already have this role ({ $role }). Nothing changed.
staff-revoked = Done: they are no longer { $role }.
staff-did-not-have = They did not have this role ({ $role }). Nothing changed.
staff-admin-from-settings = This person is an admin through the ADMIN_IDS setting: remove them there.

## The command menu (short descriptions, at most 256 characters).
command-start = Begin or start again
command-menu = The main menu
command-settings = Language, your answers, messages from us
command-language = Change the language
command-mydata = See what we keep about you
command-delete = Erase everything about you
command-stop = No more messages from us
command-help = What this bot does
command-surveys = Surveys: counts, open, close, preview
command-staff = Give or take staff roles
command-broadcast = Send a survey, an explainer or a message to participants
command-export = Export survey answers as a safe file

## Broadcasts: what participants receive.
broadcast-why = You get this because you asked for updates. To stop them: /settings
broadcast-survey-invitation = You are invited to share your views.
broadcast-explainer-intro = Something you may want to know:
broadcast-menu = Menu

## Broadcasts: the facilitator's progress message.
broadcast-progress = Broadcast { $id }: { $status }
    Sent: { $sent } of { $total }
    Could not be sent: { $failed }
    Blocked the bot or left Telegram: { $unreachable }
    Not sent (stopped updates or left): { $skipped }
    Still to send: { $remaining } (about { $minutes } min)
broadcast-progress-stopped = Stopped before sending: { $count }
broadcast-status-draft = not confirmed yet
broadcast-status-scheduled = scheduled
broadcast-status-sending = sending
broadcast-status-done = finished
broadcast-status-cancelled = stopped
broadcast-scheduled-for = It will start at { $moment }.
broadcast-cancel = Stop sending
broadcast-finished = Nothing more will be sent.

## Broadcasts: what a facilitator can fix.
broadcast-problem-unknown-kind = There is no kind of broadcast called "{ $kind }". Choose a survey invitation, an explainer or a message.
broadcast-problem-nobody = Nobody matches this audience (only people who asked for updates and can be reached count). Choose a wider one.
broadcast-problem-unknown-survey = There is no survey "{ $survey }" in the library.
broadcast-problem-survey-not-open = The survey "{ $survey }" is not open. Open it first (/surveys), then invite people to it.
broadcast-problem-unknown-explainer = There is no explainer "{ $explainer }" in the library.
broadcast-problem-message-too-long = The text in { $language } is too long: at most { $limit } characters, so it fits on one phone screen.
broadcast-problem-missing-languages = { $people ->
    [one] 1 person in this audience reads
   *[other] { $people } people in this audience read
  } { $languages }, and there is no text for them in that language. Add it, or choose an audience without them. Nothing is ever sent in a language they did not choose.
broadcast-problem-in-the-past = That time has already passed. Give a time in the future.
broadcast-problem-unknown-broadcast = There is no broadcast { $id }, or it is not yours to change.
broadcast-problem-not-a-draft = Broadcast { $id } was already confirmed or stopped. Nothing changed.
broadcast-problem-already-finished = Broadcast { $id } has already finished or was stopped. Nothing changed.

## Broadcasts: the facilitator's chat flow. What comes after "=" in a filter (gender=woman)
## and the format YYYY-MM-DD HH:MM are what the facilitator types: keep them as they are.
broadcast-flow-what-kind = What do you want to send? Only people who asked for updates get it.
broadcast-flow-kind-survey = Invite to a survey
broadcast-flow-kind-explainer = An explainer
broadcast-flow-kind-message = A message in your own words
broadcast-flow-recent = Recent broadcasts
broadcast-flow-back = Back
broadcast-flow-start-again = Start again
broadcast-flow-choose-survey = Which survey? Only open surveys are listed.
broadcast-flow-no-open-survey = No survey is open right now. Open one with /surveys, then come back.
broadcast-flow-choose-explainer = Which explainer?
broadcast-flow-choose-explainer-first = Which explainer? Here are the first { $count }, by title.
broadcast-flow-choose-audience = Who should get it? Whatever you choose, only people who asked for updates, have not stopped and can still be reached get it.
broadcast-flow-everyone = Everyone who asked for updates
broadcast-flow-describe = Describe an audience
broadcast-flow-filter-help = Describe the audience in one line, for example:
    { $example }
    What you can use (leave a field out to include everyone):
    language = { $languages }
    age = youth (18 to 29), or { $ages }
    gender = { $genders }
    region = { $regions }
    role = { $roles }
    source = the name of a join link
    answered = a survey's name: those who completed it
    not-answered = a survey's name: those who did not
    active-since = 30d (the last 30 days) or a day such as 2026-01-31
    Several values: language=fr,ar. Put a name with spaces in quotes: region="North Kivu". Type everyone for everyone who asked for updates.
broadcast-flow-any-region = any region name you use
broadcast-flow-filter-problem = I could not use that: { $problem }
    Please type it again.
broadcast-flow-audience = This audience: { $total ->
    [one] 1 person
   *[other] { $total } people
  }. By language: { $summary }.
broadcast-flow-everyone-label = everyone who asked for updates
broadcast-flow-language = { $language ->
    [en] English
    [fr] French
    [ar] Arabic
    [es] Spanish
   *[other] { $language }
  }
broadcast-flow-ask-text = Now the text for { $count ->
    [one] the 1 person who reads
   *[other] the { $count } people who read
  } { $language }. Type it as one message, at most { $limit } characters; it is sent exactly as you write it.
broadcast-flow-skip-language = No text in { $language }
broadcast-flow-type-text = Please type the text as a message. Stickers, photos, voice messages and files cannot be sent in a broadcast.
broadcast-flow-add-texts = Write the missing texts
broadcast-flow-other-audience = Choose another audience
broadcast-flow-preview-for = Preview for { $count ->
    [one] the 1 person who reads
   *[other] the { $count } people who read
  } { $language }:
broadcast-flow-what = { $kind ->
    [survey] Invitation to the survey "{ $title }"
    [explainer] The explainer "{ $title }"
   *[other] A message in your own words
  }
broadcast-flow-confirm = Send to { $total ->
    [one] 1 person
   *[other] { $total } people
  } now?
    What: { $what }
    Audience: { $audience } ({ $summary })
broadcast-flow-send-now = Send now
broadcast-flow-schedule = Schedule
broadcast-flow-preview-again = Show the preview again
broadcast-flow-discard = Cancel
broadcast-flow-discarded = Cancelled. Nothing was sent, and nothing of the draft was kept.
broadcast-flow-ask-time = When should it start? Type the day and time as YYYY-MM-DD HH:MM, in { $zone } time. It is now { $now } there.
broadcast-flow-bad-time = I could not read "{ $given }" as a day and time. Type it as YYYY-MM-DD HH:MM, for example { $example }.
broadcast-flow-sending = Confirmed: broadcast { $id } is being sent to { $total ->
    [one] 1 person
   *[other] { $total } people
  }. Follow it below.
broadcast-flow-scheduled = Confirmed: broadcast { $id } will start on { $date } ({ $zone } time).
broadcast-flow-stopped = Stopped. { $count ->
    [0] Nothing more will be sent.
    [one] 1 message will not be sent.
   *[other] { $count } messages will not be sent.
  }
broadcast-flow-recent-none = There is no broadcast to show yet.
broadcast-flow-recent-title = The last broadcasts, newest first:
broadcast-flow-recent-line = { $what }. Audience: { $audience }.
broadcast-flow-stop-one = Stop broadcast { $id }

## Organisers (/export). Only organisers and admins see these.
staff-export-title = Export the answers of which survey? You get a file that cannot be forwarded: respondent ids instead of accounts, small groups blurred, and no answers in people's own words (for those, use `peacebot export` on the server). The file stays in Telegram's cloud, in this chat, until you delete it.
staff-export-format = { $title }: which kind of file? XLSX includes a codebook.
staff-export-unknown = There is no survey named "{ $id }". Send /export to choose from the list.
staff-export-working = Making the file…
staff-export-already = A file is already being made from this message. For another kind, send /export again.
staff-export-left-out = { $answers ->
    [one] Not in the file: one answer to a question the survey no longer has (it is kept).
   *[other] Not in the file: { $answers } answers to questions the survey no longer has (they are kept).
}
staff-export-done = { $rows ->
    [one] One response.
   *[other] { $rows } responses.
} Profile fields blanked in small groups: { $blanked }. Once you have saved the file, delete this message: Telegram keeps it until then.
staff-export-too-big = The file is too big to send here ({ $megabytes } MB). Ask whoever runs the server to use `peacebot export`.
