# peacebot — Spanish (informal "tú"). Every key in en/bot.ftl must exist here with the same placeholders
# (tests/test_translations.py checks). Keep messages short: people read them on old phones.

## This language's own name, on the language buttons.
language-name = Español
language-choose = Elige tu idioma.

welcome =
    Hola, te damos la bienvenida a { $bot_name }.
    Aquí puedes leer notas cortas sobre tus derechos y decir lo que piensas del proceso de paz.
    Tú decides qué compartir. Puedes parar cuando quieras.
help =
    Lo que puedes hacer aquí:
    /menu – el menú principal
    /settings – cambiar tu idioma, tus respuestas sobre ti y nuestros mensajes
    /mydata – ver todo lo que guardamos sobre ti
    /delete – borrar todo lo que guardamos sobre ti
    /stop – no recibir más mensajes nuestros (envía /start para volver)
    /language – cambiar el idioma
    Si algo no funciona, avisa a { $contact }.

## Consent. $organisation, $contact and $shared_with are the deployment's own words.
default-organisation = las personas que te dieron el enlace a este bot
default-contact = la persona que te dio el enlace
default-shared-with = nadie fuera del equipo organizador; los informes solo muestran totales
consent-notice =
    Antes de empezar, lee esto, por favor.
    Este bot está a cargo de { $organisation }. Contacto: { $contact }.
    Tus respuestas ayudan a planificar según las necesidades de tu comunidad. Quién las ve: { $shared_with }.
    No guardamos tu nombre, tu nombre de usuario ni tu número de teléfono.
    Telegram es otra empresa. Los chats con bots no son chats secretos: Telegram puede leer este chat.
    Hay un riesgo: si alguien toma tu teléfono, puede leer este chat. En el menú hay un botón de «Salida rápida».
    En cualquier momento: /mydata muestra lo que guardamos, /delete lo borra, /stop detiene nuestros mensajes.
consent-details =
    Más detalles
    Quién está a cargo de este bot: { $organisation }. Contacto: { $contact }.
    Lo que guardamos: el idioma que elegiste, cuándo aceptaste, desde dónde llegaste y las respuestas que decidas dar. Las respuestas escritas se guardan bloqueadas, las de cada persona con su propia clave. Cuando borras tus datos, tu clave se destruye y tus respuestas ya nunca se podrán leer.
    Lo que nunca guardamos: tu nombre, tu nombre de usuario, tu número de teléfono ni el lugar donde estás. Nunca te los pedimos.
    Para qué sirven tus respuestas: para entender qué necesita y qué piensa la gente de aquí sobre el proceso de paz, y para contárselo a quienes toman decisiones.
    Quién las ve: { $shared_with }. Los informes ocultan los grupos pequeños, para que sea más difícil reconocer a las personas.
    Telegram: otra empresa, que lleva estos mensajes. Puede leer este chat (los chats con bots no son chats secretos) y guarda sus propios registros de quién usa cada bot.
    Riesgos: si alguien ve tu teléfono, puede ver este chat. Usa «Salida rápida» en el menú para borrar los mensajes de los últimos dos días.
    Tus opciones: /mydata muestra lo que guardamos, /delete lo borra, /stop detiene nuestros mensajes. Si dices que no, nada cambia para ti.
consent-agree = Acepto
consent-decline = No, gracias
consent-more = Más detalles
consent-declined = Está bien. No hemos guardado nada sobre ti. Si cambias de idea, envía /start.
consent-changed = Actualizamos la forma en que usamos y protegemos tus respuestas. Por favor, lee esto otra vez y elige.
consent-still-declined =
    Está bien. No te enviaremos mensajes.
    Lo que ya tenemos sigue guardado. Para borrarlo, envía /delete. Para leer el aviso otra vez, envía /start.
consent-thanks = Gracias. Unas preguntas cortas sobre ti nos ayudan a asegurar que se escuche a cada grupo. Puedes saltar las que quieras.

## The optional profile.
profile-age_band-question = ¿Cuántos años tienes?
profile-age_band-under-18 = Menos de 18
profile-age_band-18-24 = De 18 a 24
profile-age_band-25-29 = De 25 a 29
profile-age_band-30-39 = De 30 a 39
profile-age_band-40-59 = De 40 a 59
profile-age_band-60-plus = 60 o más
profile-gender-question = ¿Cuál es tu género?
profile-gender-woman = Mujer
profile-gender-man = Hombre
profile-gender-another = Otro género
profile-region-question = ¿En qué zona vives?
profile-role-question = ¿Qué opción te describe mejor?
profile-role-community-member = Persona de la comunidad
profile-role-womens-group = Parte de un grupo de mujeres
profile-role-youth-group = Parte de un grupo de jóvenes
profile-role-civil-society = Organización social
profile-role-faith-leader = Líder religioso o religiosa
profile-role-local-authority = Autoridad local
profile-role-other = Otro
profile-prefer-not = Prefiero no decirlo
profile-skip = Saltar
profile-clear = Quitar mi respuesta
profile-done = Gracias. Puedes cambiar estas respuestas cuando quieras en /settings.
profile-saved = Guardado.
minor-may-continue =
    Dijiste que tienes menos de 18 años. Puedes participar.
    Algunas preguntas son solo para personas adultas, y no te las enviaremos.
    Si algo de aquí te preocupa, habla con una persona adulta de confianza.
minor-confirm =
    Elegiste «Menos de 18». Este servicio es solo para personas de 18 años o más. Si esa es tu edad, borraremos todo lo que nos diste.
    ¿Tienes menos de 18 años?
minor-confirm-yes = Sí, tengo menos de 18 años
minor-confirm-no = No, volver atrás
minor-may-not =
    Dijiste que tienes menos de 18 años. Este servicio es solo para personas de 18 años o más, así que no puedes participar.
    Borramos todo lo que nos diste. Gracias por tu interés.

## Main menu.
menu-title = ¿Qué quieres hacer?
menu-learn = Conoce tus derechos
menu-surveys = Da tu opinión
menu-settings = Ajustes
menu-mydata = Mis datos
menu-help = Ayuda
menu-quick-exit = Salida rápida

## Learning about your rights.
learn-title = Notas cortas sobre tus derechos, en palabras sencillas. ¿Por dónde quieres empezar?
learn-suggest = Sugiéreme una
learn-topics = Elegir un tema
learn-ask = Hacer una pregunta
learn-drip-on = Una por semana: sí
learn-drip-off = Una por semana: no
topics-title = Elige un tema:
topic-what-are-rights = Qué son los derechos
topic-participation = Tener voz en las decisiones
topic-expression-assembly = Expresarse y reunirse
topic-equality = Igualdad de trato
topic-women-peace-security = Mujeres y paz
topic-youth-peace-security = Jóvenes y paz
topic-defenders = Defender los derechos
topic-transitional-justice = Verdad, justicia y reparación
topic-land-property = Tierra y vivienda
topic-freedom-from-violence = Vivir sin violencia
topic-information = Conseguir información
topic-safety = Cuidar tu seguridad
explainer-more = Cuéntame más
explainer-next = Siguiente
explainer-related = Notas relacionadas
explainer-related-title = Notas relacionadas:
explainer-helpful-yes = Me sirvió
explainer-helpful-no = No me sirvió
explainer-thanks = Gracias. Esto nos ayuda a elegir mejores notas.
explainer-all-read = Ya leíste todas las notas que tenemos para ti. Elige un tema para volver a leer una.
ask-prompt = Escribe tu pregunta en pocas palabras, por ejemplo: «¿Puedo negarme a ir a una reunión?». Solo la usamos para buscar en nuestras notas, y no la guardamos.
ask-results = Estas notas pueden ayudarte:
ask-nothing = Lo sentimos, todavía no tenemos ninguna nota sobre eso.
default-local-help = las personas que te dieron el enlace a este bot
reason-everyone = Una nota para todo el mundo.
reason-topic = Del tema que elegiste.
reason-age-youth = Porque nos dijiste tu edad: esta nota es para gente joven.
reason-gender-woman = Porque nos dijiste que eres mujer.
reason-role-youth-group = Porque nos dijiste que eres parte de un grupo de jóvenes.
reason-role-womens-group = Porque nos dijiste que eres parte de un grupo de mujeres.
reason-role-faith-leader = Porque nos dijiste que eres líder religioso o religiosa.
reason-role-civil-society = Porque nos dijiste que trabajas en una organización social.
reason-role-local-authority = Porque nos dijiste que trabajas en una autoridad local.
reason-link = Por el lugar desde donde llegaste.
drip-intro = Tu nota de la semana:

## Settings.
settings-summary =
    Tus ajustes
    Idioma: { $language }
    Edad: { $age_band }
    Género: { $gender }
    Zona: { $region }
    Rol: { $role }
    Novedades nuestras: { $updates }
    Mensajes sin sonido: { $silent }
settings-not-answered = sin respuesta
settings-on = sí
settings-off = no
settings-change-language = Cambiar idioma
settings-change-age_band = Cambiar edad
settings-change-gender = Cambiar género
settings-change-region = Cambiar zona
settings-change-role = Cambiar rol
settings-updates-on = Recibir novedades: sí
settings-updates-off = Recibir novedades: no
settings-silent-on = Mensajes sin sonido: sí
settings-silent-off = Mensajes sin sonido: no
settings-drip-on = Una nota por semana: sí
settings-drip-off = Una nota por semana: no
settings-back = Volver al menú
language-changed = Listo: te escribiré en español.

## My data.
mydata-summary =
    Esto es todo lo que guardamos sobre ti.
    Número de referencia (no es tu cuenta de Telegram): { $reference }
    Idioma: { $language }
    Aviso aceptado: versión { $consent_version }, { $consented_at }
    Llegaste desde: { $source }
    Edad: { $age_band }
    Género: { $gender }
    Zona: { $region }
    Rol: { $role }
    Novedades nuestras: { $updates }
    Mensajes sin sonido: { $silent }
    Una nota por semana: { $drip }
    Notas que has leído: { $reads }
    Encuestas en las que has participado: { $surveys }
    Primera vez: { $created_at }
    También guardamos el número de este chat, solo para que el bot pueda escribirte.
    El archivo de abajo tiene lo mismo, para que lo guardes.
mydata-source-none = no registrado
mydata-file-caption = Tus datos de este bot.
mydata-nothing = No guardamos nada sobre ti. Envía /start para empezar.

## Erasure and stopping.
delete-confirm =
    ¿Borrar todo lo que guardamos sobre ti?
    Esto quita tus respuestas, tus ajustes y tu consentimiento, y destruye tu clave. No se puede deshacer.
delete-yes = Sí, borrar todo
delete-cancel = No, conservarlo
delete-cancelled = No se borró nada.
delete-done =
    Listo. Borramos todo lo que guardábamos sobre ti: tus respuestas, tus ajustes, tu consentimiento, tu clave y el número de este chat.
    Telegram sigue guardando este chat en tu teléfono hasta que lo borres, y también sus propios registros de que usaste este bot. Eso no lo podemos borrar.
    Envía /start si algún día quieres volver.
stop-done =
    Ya no recibirás mensajes nuestros. Guardamos tus datos; /delete los borra.
    Envía /start cuando quieras volver.
start-resumed = Te damos la bienvenida de nuevo. Volverás a recibir nuestros mensajes.
start-returning = Te damos la bienvenida de nuevo.

## Quick exit.
quick-exit-done = Listo.
quick-exit-what = ¿Qué no se borró?
quick-exit-limits = Borré los mensajes de los últimos 2 días, desde que te uniste. Quedan: los más antiguos, las notificaciones ya vistas, las copias de Telegram y el chat en tu lista: bórralo en Telegram.

## Anything unexpected.
error-apology = Lo sentimos, algo falló de nuestro lado. Inténtalo de nuevo en un momento.
slow-down = Estás enviando mensajes muy rápido. Espera unos segundos, por favor.
edit-ignored = No puedo ver los cambios en un mensaje ya enviado. Mejor envía un mensaje nuevo.
not-understood = Lo siento, no entendí. Usa los botones o envía /help.
use-buttons = Por favor, responde con los botones.
start-first = Envía /start para empezar.
private-only = Solo funciono en un chat privado. Escríbeme directamente, no en un grupo.
button-expired = Este botón ya no funciona.

## Surveys: "share your views". { $title } is the survey's own title.
surveys-title = Estas encuestas están abiertas para ti. Tus respuestas se guardan a medida que avanzas: puedes parar y seguir más tarde.
surveys-none = Ahora no hay ninguna encuesta para ti. Te avisaremos cuando haya una, si elegiste recibir mensajes nuestros.
surveys-entry = • { $title }: { $size }
surveys-continue-title = Continuar: { $title }
survey-to-menu = Volver al menú
survey-other-surveys = Otras encuestas
survey-size = { $questions ->
    [one] { $questions } pregunta
   *[other] { $questions } preguntas
  }, { $minutes ->
    [one] alrededor de { $minutes } minuto
   *[other] unos { $minutes } minutos
  }.
survey-linked = Tus respuestas se guardan junto con tu grupo de edad, tu género, tu zona y tu rol, si los diste. Así, los informes pueden mostrar qué piensan los distintos grupos. Nunca con tu nombre.
survey-anonymous = Esta encuesta es anónima: tus respuestas se guardan sin tu grupo de edad, tu género, tu zona ni tu rol.
survey-started = Ya la empezaste: vas en la pregunta { $number } de { $total }.
survey-start = Empezar
survey-continue = Continuar
survey-question-number = Pregunta { $number } de { $total }
survey-other = Otro
survey-other-prompt = Elegiste «Otro» en: { $question }
    Escribe tu respuesta en pocas palabras, por favor.
survey-choose-one = Elige una respuesta.
survey-choose-many = Elige todas las que correspondan y luego pulsa «Listo».
survey-rank = { $count ->
    [one] Elige la opción más importante para ti.
   *[other] Elige las { $count } opciones más importantes para ti, la más importante primero.
  }
survey-rank-so-far = Tu orden hasta ahora:
survey-scale = Elige un número del { $low } ({ $low_label }) al { $high } ({ $high_label }).
survey-scale-plain = Elige un número del { $low } al { $high }.
survey-type-whole-number = Escribe un número entero.
survey-type-number = Escribe un número.
survey-type-text = Escribe tu respuesta. Por favor, no escribas nombres de personas.
survey-send-voice = Envía un mensaje de voz: mantén pulsado el botón del micrófono mientras hablas. Por favor, no digas nombres de personas.
survey-next = Continuar
survey-done = Listo
survey-undo = Deshacer el último
survey-back = Atrás
survey-skip = Saltar
survey-pause = Pausa, seguir después
survey-thanks = Gracias. Tus respuestas están guardadas. Los organizadores las usarán, junto con las de los demás, para planificar lo que necesita tu comunidad; los informes muestran totales, nunca nombres.
survey-paused = En pausa. Tus respuestas hasta ahora están guardadas. Para seguir, abre «Da tu opinión» en el menú.
survey-button-old = Esta pregunta ya tiene respuesta.
survey-refused-use-buttons = Por favor, responde con los botones debajo de la pregunta.
survey-refused-choose = Por favor, elige una respuesta con los botones.
survey-refused-required = Esta pregunta necesita una respuesta.
survey-refused-number = Por favor, escribe un número, por ejemplo 12.
survey-refused-whole-number = Por favor, escribe un número entero, sin decimales.
survey-refused-constraint = Esta respuesta no es posible aquí. Revísala e inténtalo de nuevo.
survey-refused-too-long = Es demasiado largo. Por favor, escribe menos de 2000 caracteres.
survey-refused-text-expected = Por favor, escribe tu respuesta como mensaje de texto.
survey-refused-voice-expected = Por favor, envía un mensaje de voz para esta pregunta, o sáltala.
survey-refused-rank-incomplete = Por favor, elige tantas opciones como se piden, la más importante primero.
survey-unavailable-closed = Esta encuesta está cerrada. Gracias por tu interés.
survey-unavailable-draft = Esta encuesta no está abierta.
survey-unavailable-not-invited = Esta encuesta es solo para las personas invitadas.
survey-unavailable-already-answered = Ya respondiste esta encuesta. Gracias.
survey-unavailable-not-in-language = Esta encuesta no está disponible en tu idioma.

## Facilitators (/surveys). Only staff see these.
staff-surveys-title = Encuestas de la biblioteca. Elige una para ver sus cifras, abrirla, cerrarla o ver una vista previa.
staff-surveys-none = No hay encuestas en la biblioteca. Pon los archivos de encuestas en content/surveys/ y reinicia el bot.
staff-survey-line = { $title } ({ $status })
staff-status-draft = borrador
staff-status-open = abierta
staff-status-closed = cerrada
staff-survey-summary = { $title }
    Nombre: { $id }, versión { $version }
    Estado: { $status }
    Preguntas: { $questions }. Duración: unos { $minutes } min. Idiomas: { $languages }
    Empezadas: { $started }. Terminadas: { $completed }.
staff-survey-answered = Respuestas por pregunta:
staff-survey-more = …y { $count } más: ver `peacebot survey stats`.
staff-reopen-closed = Esta encuesta cerró el { $date }. Para abrirla de nuevo, cambia "closes" en su archivo y reinicia el bot.
staff-open = Abrirla
staff-close = Cerrarla
staff-opened = Abierta.
staff-closed = Cerrada.
staff-preview = Vista previa: { $language }
staff-refresh = Actualizar
staff-back = Todas las encuestas
staff-preview-start = Vista previa de «{ $title }» ({ $language }), tal como la ve quien participa. Nada de lo que respondas se guarda. «Pausa, seguir después» termina la vista previa.
staff-preview-ended = La vista previa terminó. No se guardó nada.

staff-help = Para dar o quitar una función, escribe:
    /staff grant ID_TELEGRAM FUNCIÓN
    /staff revoke ID_TELEGRAM FUNCIÓN
    Funciones: facilitator (encuestas), organiser (exportaciones), admin. La persona puede ver su id de Telegram con un bot como @userinfobot.
    Funciones dadas: { $summary }. Admins de la configuración: { $admins }.
staff-bad-command = No entendí. Escribe, por ejemplo: /staff grant 12345 facilitator (un id de Telegram, y luego facilitator, organiser o admin).
staff-granted = Hecho: ahora tiene la función { $role }. Su menú de comandos la muestra.
staff-already = Ya tiene esta función ({ $role }). No cambió nada.
staff-revoked = Hecho: ya no tiene la función { $role }.
staff-did-not-have = No tenía esta función ({ $role }). No cambió nada.
staff-admin-from-settings = Esta persona es admin por la configuración ADMIN_IDS: quítala allí.

## The command menu (short descriptions, at most 256 characters).
command-start = Empezar o volver a empezar
command-menu = El menú principal
command-settings = Idioma, tus respuestas, nuestros mensajes
command-language = Cambiar el idioma
command-mydata = Ver lo que guardamos sobre ti
command-delete = Borrar todo lo que tenemos sobre ti
command-stop = No recibir más mensajes nuestros
command-help = Qué hace este bot
command-surveys = Encuestas: cifras, abrir, cerrar, vista previa
command-staff = Dar o quitar funciones
command-broadcast = Enviar una encuesta, una nota o un mensaje a quienes participan
command-export = Exportar las respuestas en un archivo seguro

## Broadcasts: what participants receive.
broadcast-why = Recibes esto porque pediste recibir nuestras novedades. Para dejar de recibirlas: /settings
broadcast-survey-invitation = Te invitamos a dar tu opinión.
broadcast-explainer-intro = Algo que quizá quieras saber:
broadcast-menu = Menú

## Broadcasts: the facilitator's progress message.
broadcast-progress = Difusión { $id }: { $status }
    Enviados: { $sent } de { $total }
    No se pudieron enviar: { $failed }
    Bloquearon el bot o dejaron Telegram: { $unreachable }
    No enviados (ya no quieren novedades o se fueron): { $skipped }
    Falta enviar: { $remaining } (unos { $minutes } min)
broadcast-progress-stopped = Detenidos antes del envío: { $count }
broadcast-status-draft = sin confirmar todavía
broadcast-status-scheduled = programada
broadcast-status-sending = enviándose
broadcast-status-done = terminada
broadcast-status-cancelled = detenida
broadcast-scheduled-for = Inicio previsto: { $moment }
broadcast-cancel = Detener el envío
broadcast-finished = No se enviará nada más.

## Broadcasts: what a facilitator can fix.
broadcast-problem-unknown-kind = No existe ninguna difusión del tipo «{ $kind }». Elige una invitación a una encuesta, una nota o un mensaje.
broadcast-problem-nobody = Nadie coincide con este público (solo cuentan las personas que pidieron novedades y a las que se puede llegar). Elige uno más amplio.
broadcast-problem-unknown-survey = No hay ninguna encuesta «{ $survey }» en la biblioteca.
broadcast-problem-survey-not-open = La encuesta «{ $survey }» no está abierta. Primero ábrela (/surveys) y luego invita a la gente.
broadcast-problem-unknown-explainer = No hay ninguna nota «{ $explainer }» en la biblioteca.
broadcast-problem-message-too-long = El texto ({ $language }) es demasiado largo: como máximo { $limit } caracteres, para que quepa en una sola pantalla de teléfono.
broadcast-problem-missing-languages = { $people ->
    [one] { $people } persona de este público lee en { $languages }, y no hay texto para ella en su idioma.
   *[other] { $people } personas de este público leen en { $languages }, y no hay texto para ellas en su idioma.
  } Agrega ese texto, o elige un público sin esas personas. Nunca se envía nada en un idioma que la persona no eligió.
broadcast-problem-in-the-past = Esa hora ya pasó. Indica una hora en el futuro.
broadcast-problem-unknown-broadcast = No tienes ninguna difusión número { $id }.
broadcast-problem-not-a-draft = La difusión { $id } ya se confirmó o se detuvo. No cambió nada.
broadcast-problem-already-finished = La difusión { $id } ya terminó o se detuvo. No cambió nada.

## Broadcasts: the facilitator's chat flow. What comes after "=" in a filter (gender=woman)
## and the format YYYY-MM-DD HH:MM are what the facilitator types: keep them as they are.
broadcast-flow-what-kind = ¿Qué quieres enviar? Solo lo reciben las personas que pidieron nuestras novedades.
broadcast-flow-kind-survey = Invitar a una encuesta
broadcast-flow-kind-explainer = Una nota
broadcast-flow-kind-message = Un mensaje con tus propias palabras
broadcast-flow-recent = Difusiones recientes
broadcast-flow-back = Atrás
broadcast-flow-start-again = Empezar de nuevo
broadcast-flow-choose-survey = ¿Qué encuesta? Solo aparecen las encuestas abiertas.
broadcast-flow-no-open-survey = Ahora no hay ninguna encuesta abierta. Abre una con /surveys y luego vuelve.
broadcast-flow-choose-explainer = ¿Qué nota?
broadcast-flow-choose-explainer-first = ¿Qué nota? Aquí están las { $count } primeras, ordenadas por título.
broadcast-flow-choose-audience = ¿Quién debe recibirlo? Elijas lo que elijas, solo lo reciben las personas que pidieron novedades, no las han detenido y a las que todavía se puede llegar.
broadcast-flow-everyone = Todas las personas que pidieron novedades
broadcast-flow-describe = Describir un público
broadcast-flow-filter-help = Describe el público en una línea, por ejemplo:
    { $example }
    Lo que puedes usar (si no pones un campo, no se excluye a nadie por él):
    language = { $languages }
    age = youth (de 18 a 29 años), o { $ages }
    gender = { $genders }
    region = { $regions }
    role = { $roles }
    source = el nombre de un enlace de inscripción
    answered = el nombre de una encuesta: quienes la completaron
    not-answered = el nombre de una encuesta: quienes no la completaron
    active-since = 30d (los últimos 30 días) o un día como 2026-01-31
    Varios valores: language=fr,ar. Pon entre comillas un nombre con espacios: region="North Kivu". Escribe everyone para todas las personas que pidieron novedades.
broadcast-flow-any-region = cualquier nombre de zona que uses
broadcast-flow-filter-problem = No pude usar eso: { $problem }
    Escríbelo de nuevo, por favor.
broadcast-flow-audience = Este público: { $total ->
    [one] { $total } persona
   *[other] { $total } personas
  }. Por idioma: { $summary }.
broadcast-flow-everyone-label = todas las personas que pidieron novedades
broadcast-flow-language = { $language ->
    [en] inglés
    [fr] francés
    [ar] árabe
    [es] español
   *[other] { $language }
  }
broadcast-flow-ask-text = Ahora, el texto para { $count ->
    [one] la persona que lee
   *[other] las { $count } personas que leen
  } en { $language }. Escríbelo en un solo mensaje, de { $limit } caracteres como máximo; se envía tal como lo escribes.
broadcast-flow-skip-language = Sin texto en { $language }
broadcast-flow-type-text = Por favor, escribe el texto como mensaje. Los stickers, las fotos, los mensajes de voz y los archivos no se pueden enviar en una difusión.
broadcast-flow-add-texts = Escribir los textos que faltan
broadcast-flow-other-audience = Elegir otro público
broadcast-flow-preview-for = Vista previa para { $count ->
    [one] la persona que lee
   *[other] las { $count } personas que leen
  } en { $language }:
broadcast-flow-what = { $kind ->
    [survey] Invitación a la encuesta «{ $title }»
    [explainer] La nota «{ $title }»
   *[other] Un mensaje con tus propias palabras
  }
broadcast-flow-confirm = ¿Enviar ahora a { $total ->
    [one] { $total } persona
   *[other] { $total } personas
  }?
    Qué: { $what }
    Público: { $audience } ({ $summary })
broadcast-flow-send-now = Enviar ahora
broadcast-flow-schedule = Programar
broadcast-flow-preview-again = Ver otra vez la vista previa
broadcast-flow-discard = Cancelar
broadcast-flow-discarded = Cancelado. No se envió nada y no se guardó nada del borrador.
broadcast-flow-ask-time = ¿Cuándo debe empezar? Escribe el día y la hora así: YYYY-MM-DD HH:MM, en la hora de { $zone }. Hora actual allí: { $now }.
broadcast-flow-bad-time = No pude leer «{ $given }» como un día y una hora. Escríbelo así: YYYY-MM-DD HH:MM, por ejemplo { $example }.
broadcast-flow-sending = Confirmado: la difusión { $id } se está enviando a { $total ->
    [one] { $total } persona
   *[other] { $total } personas
  }. Puedes seguirla aquí abajo.
broadcast-flow-scheduled = Confirmado: la difusión { $id } empezará el { $date } (hora de { $zone }).
broadcast-flow-stopped = Detenida. { $count ->
    [0] No se enviará nada más.
    [one] { $count } mensaje no se enviará.
   *[other] { $count } mensajes no se enviarán.
  }
broadcast-flow-recent-none = Todavía no hay ninguna difusión que mostrar.
broadcast-flow-recent-title = Las últimas difusiones, de la más reciente a la más antigua:
broadcast-flow-recent-line = { $what }. Público: { $audience }.
broadcast-flow-stop-one = Detener la difusión { $id }

## Organizadores (/export). Solo los organizadores y los admins los ven.
staff-export-title = ¿De qué encuesta quieres exportar las respuestas? Recibirás un archivo que no se puede reenviar: identificadores en lugar de cuentas, grupos pequeños difuminados y sin las respuestas escritas por las personas (para esas, usa `peacebot export` en el servidor). El archivo queda en la nube de Telegram, en este chat, hasta que lo borres.
staff-export-format = { $title }: ¿qué tipo de archivo? El XLSX incluye un libro de códigos.
staff-export-unknown = No hay ninguna encuesta llamada «{ $id }». Envía /export para elegir de la lista.
staff-export-working = Preparando el archivo…
staff-export-already = Ya se está preparando un archivo a partir de este mensaje. Para otro formato, envía /export de nuevo.
staff-export-left-out = { $answers ->
    [one] Fuera del archivo: una respuesta a una pregunta que la encuesta ya no tiene (se conserva).
   *[other] Fuera del archivo: { $answers } respuestas a preguntas que la encuesta ya no tiene (se conservan).
}
staff-export-done = { $rows ->
    [one] Una respuesta.
   *[other] { $rows } respuestas.
} Campos del perfil borrados en grupos pequeños: { $blanked }. Cuando hayas guardado el archivo, borra este mensaje: Telegram lo guarda hasta entonces.
staff-export-too-big = El archivo es demasiado grande para enviarlo aquí ({ $megabytes } MB). Pide a quien gestiona el servidor que use `peacebot export`.
