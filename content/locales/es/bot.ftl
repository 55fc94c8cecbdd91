welcome =
    Hola, te damos la bienvenida a { $bot_name }.
    Aquí puedes leer notas cortas sobre tus derechos y decir lo que piensas del proceso de paz.
    Tú decides qué compartir. Puedes parar cuando quieras.
help =
    Lo que puedes hacer aquí:
    /start – empezar de nuevo
    /help – este mensaje
    Si algo no funciona, díselo a las personas que te dieron este enlace.
error-apology = Lo sentimos, algo falló de nuestro lado. No se perdió nada de lo que enviaste. Inténtalo de nuevo en un momento.
slow-down = Estás enviando mensajes muy rápido. Espera unos segundos, por favor.
edit-ignored = No puedo ver los cambios en un mensaje ya enviado. Mejor envía un mensaje nuevo.
not-understood = Lo siento, no entendí. Usa los botones o envía /help.
command-start = Empezar o volver a empezar
command-help = Qué hace este bot
