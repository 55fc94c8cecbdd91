# peacebot — Arabic (Modern Standard Arabic, right-to-left). Every key in en/bot.ftl must exist here
# with the same placeholders (tests/test_translations.py checks). Keep messages short: people read them on old phones.
# Commands (/start, /mydata, ...) stay in Latin letters, each in its own short phrase or at the start of a line.

## This language's own name, on the language buttons.
language-name = العربية
language-choose = اختر لغتك.

welcome =
    مرحبًا بك في { $bot_name }.
    هنا يمكنك قراءة ملاحظات قصيرة عن حقوقك، ومشاركة رأيك في عملية السلام.
    القرار لك في ما تشاركه، ويمكنك التوقف في أي وقت.
help =
    ما يمكنك فعله هنا:
    /menu – القائمة الرئيسية
    /settings – تغيير لغتك، وإجاباتك عن نفسك، ورسائلنا إليك
    /mydata – رؤية كل ما نحتفظ به عنك
    /delete – محو كل ما نحتفظ به عنك
    /stop – إيقاف رسائلنا، وللعودة أرسل /start
    /language – تغيير اللغة
    إذا واجهتك مشكلة، يمكنك التواصل مع { $contact }.

## Consent. $organisation, $contact and $shared_with are the deployment's own words.
default-organisation = الأشخاص الذين أعطوك رابط هذا البوت
default-contact = الشخص الذي أعطاك الرابط
default-shared-with = لا أحد خارج فريق التنظيم، والتقارير تعرض الأرقام الإجمالية فقط
consent-notice =
    قبل أن نبدأ، يُرجى قراءة ما يلي.
    الجهة التي تدير هذا البوت: { $organisation }. للتواصل معها: { $contact }.
    تساعد إجاباتك على التخطيط وفق احتياجات مجتمعك. من يراها: { $shared_with }.
    لا نحتفظ باسمك، ولا باسم المستخدم الخاص بك، ولا برقم هاتفك.
    تيليجرام شركة مستقلة عنّا. المحادثات مع البوتات ليست من المحادثات السرية، لذلك يمكن لتيليجرام قراءة هذه المحادثة.
    هناك خطر: من يأخذ هاتفك يمكنه قراءة هذه المحادثة. في القائمة زر «خروج سريع».
    في أي وقت يمكنك استخدام:
    /mydata – لرؤية ما نحتفظ به
    /delete – لمحوه
    /stop – لإيقاف رسائلنا
consent-details =
    مزيد من التفاصيل
    من يدير هذا البوت: { $organisation }. للتواصل: { $contact }.
    ما نحتفظ به: اللغة التي اخترتها، ووقت موافقتك، ومن أين انضممت، وإجاباتك التي اخترت تقديمها. الإجابات المكتوبة تُحفظ مقفلة، ولكل شخص مفتاحه الخاص. وعند محو بياناتك، يُتلَف مفتاحك، ولا يمكن قراءة إجاباتك بعد ذلك أبدًا.
    ما لا نحتفظ به أبدًا: اسمك، أو اسم المستخدم، أو رقم هاتفك، أو مكانك. ولا نطلبها منك أبدًا.
    الغرض من إجاباتك: فهم ما يحتاجه الناس هنا وما يرونه في عملية السلام، وإيصال ذلك إلى أصحاب القرار.
    من يراها: { $shared_with }. في التقارير نُخفي المجموعات الصغيرة، حتى يكون التعرّف على الأشخاص أصعب.
    تيليجرام: شركة مستقلة تنقل هذه الرسائل. يمكنها قراءة هذه المحادثة (المحادثات مع البوتات ليست من المحادثات السرية)، وتحتفظ بسجلاتها الخاصة عمّن يستخدم كل بوت.
    المخاطر: إذا رأى أحدٌ هاتفك، فقد يرى هذه المحادثة. يمكنك استخدام زر «خروج سريع» في القائمة لمسح رسائل آخر يومين.
    خياراتك:
    /mydata – لرؤية ما نحتفظ به
    /delete – لمحوه
    /stop – لإيقاف رسائلنا
    إذا رفضت، فلن يتغير شيء بالنسبة لك.
consent-agree = أوافق
consent-decline = لا، شكرًا
consent-more = مزيد من التفاصيل
consent-declined = لا بأس. لم نحتفظ بأي شيء عنك. إذا غيّرت رأيك، يمكنك إرسال /start.
consent-changed = حدّثنا طريقة استخدامنا لإجاباتك وطريقة حمايتها. يُرجى قراءة هذا النص من جديد، ثم الاختيار.
consent-still-declined =
    لا بأس. لن نرسل إليك رسائل.
    ما لدينا من قبل ما زال محفوظًا. لمحوه، يمكنك إرسال /delete. ولقراءة الإشعار مرة أخرى، يمكنك إرسال /start.
consent-thanks = شكرًا لك. بضعة أسئلة قصيرة عنك تساعدنا على التأكد من أن صوت كل فئة مسموع. كل سؤال منها اختياري.

## The optional profile.
profile-age_band-question = كم عمرك؟
profile-age_band-under-18 = أقل من 18 سنة
profile-age_band-18-24 = من 18 إلى 24
profile-age_band-25-29 = من 25 إلى 29
profile-age_band-30-39 = من 30 إلى 39
profile-age_band-40-59 = من 40 إلى 59
profile-age_band-60-plus = 60 أو أكثر
profile-gender-question = ما جنسك؟
profile-gender-woman = امرأة
profile-gender-man = رجل
profile-gender-another = غير ذلك
profile-region-question = ما منطقة سكنك؟
profile-role-question = أيّ مما يلي يصفك أفضل؟
profile-role-community-member = من أفراد المجتمع
profile-role-womens-group = من مجموعة نسائية
profile-role-youth-group = من مجموعة شبابية
profile-role-civil-society = من منظمة مجتمع مدني
profile-role-faith-leader = من القيادات الدينية
profile-role-local-authority = من السلطة المحلية
profile-role-other = غير ذلك
profile-prefer-not = أفضّل عدم الإجابة
profile-skip = تخطي
profile-clear = حذف إجابتي
profile-done = شكرًا لك. يمكنك تغيير هذه الإجابات في أي وقت من /settings.
profile-saved = تم الحفظ.
minor-may-continue =
    ذكرت أن عمرك أقل من 18 سنة. يمكنك المشاركة.
    بعض الأسئلة للبالغين فقط، ولن نرسلها إليك.
    إذا أقلقك أي شيء هنا، يمكنك التحدث إلى شخص بالغ محلّ ثقتك.
minor-confirm =
    اخترت «أقل من 18 سنة». هذه الخدمة فقط لمن عمرهم 18 سنة أو أكثر. لذلك إذا كان اختيارك صحيحًا، فسنمحو كل ما أعطيتنا إياه.
    هل عمرك أقل من 18 سنة؟
minor-confirm-yes = نعم، عمري أقل من 18 سنة
minor-confirm-no = لا، أريد الرجوع
minor-may-not =
    ذكرت أن عمرك أقل من 18 سنة. هذه الخدمة فقط لمن عمرهم 18 سنة أو أكثر، لذلك لا يمكنك المشاركة.
    محونا كل ما أعطيتنا إياه. شكرًا لاهتمامك.

## Main menu.
menu-title = ماذا تريد أن تفعل؟
menu-learn = التعرّف على حقوقك
menu-surveys = مشاركة رأيك
menu-settings = الإعدادات
menu-mydata = بياناتي
menu-help = مساعدة
menu-quick-exit = خروج سريع

## Learning about your rights.
learn-title = ملاحظات قصيرة عن حقوقك، بكلمات بسيطة. من أين نبدأ؟
learn-suggest = اقترح عليّ ملاحظة
learn-topics = اختيار موضوع
learn-ask = طرح سؤال
learn-drip-on = ملاحظة كل أسبوع: نعم
learn-drip-off = ملاحظة كل أسبوع: لا
topics-title = اختر موضوعًا:
topic-what-are-rights = ما هي الحقوق
topic-participation = أن يكون لك رأي
topic-expression-assembly = حرية الرأي والاجتماع
topic-equality = المساواة في المعاملة
topic-women-peace-security = النساء والسلام
topic-youth-peace-security = الشباب والسلام
topic-defenders = الدفاع عن الحقوق
topic-transitional-justice = الحقيقة والعدالة وجبر الضرر
topic-land-property = الأرض والسكن
topic-freedom-from-violence = العيش بلا عنف
topic-information = الحصول على المعلومات
topic-safety = البقاء في أمان
explainer-more = أخبرني أكثر
explainer-next = التالي
explainer-related = ملاحظات ذات صلة
explainer-related-title = ملاحظات ذات صلة:
explainer-helpful-yes = مفيدة
explainer-helpful-no = غير مفيدة
explainer-thanks = شكرًا لك. هذا يساعدنا على اختيار ملاحظات أفضل.
explainer-all-read = قرأت كل الملاحظات التي لدينا لك. اختر موضوعًا لقراءة إحداها مرة أخرى.
ask-prompt = اكتب سؤالك في كلمات قليلة، مثلًا: «هل يمكنني أن أرفض الذهاب إلى اجتماع؟». نستخدم سؤالك فقط للبحث في ملاحظاتنا، ولا نحتفظ به.
ask-results = قد تفيدك هذه الملاحظات:
ask-nothing = عذرًا، ليست لدينا ملاحظة عن هذا الموضوع بعد.
default-local-help = الأشخاص الذين أعطوك رابط هذا البوت
reason-everyone = ملاحظة للجميع.
reason-topic = من الموضوع الذي اخترته.
reason-age-youth = لأنك أخبرتنا بعمرك: هذه الملاحظة للشباب.
reason-gender-woman = لأنكِ أخبرتِنا أنكِ امرأة.
reason-role-youth-group = لأنك أخبرتنا أنك من مجموعة شبابية.
reason-role-womens-group = لأنك أخبرتنا أنك من مجموعة نسائية.
reason-role-faith-leader = لأنك أخبرتنا أنك من القيادات الدينية.
reason-role-civil-society = لأنك أخبرتنا أنك من منظمة مجتمع مدني.
reason-role-local-authority = لأنك أخبرتنا أنك من السلطة المحلية.
reason-link = بحسب المكان الذي انضممت منه إلينا.
drip-intro = ملاحظتك لهذا الأسبوع:

## Settings.
settings-summary =
    إعداداتك
    اللغة: { $language }
    العمر: { $age_band }
    الجنس: { $gender }
    المنطقة: { $region }
    الدور: { $role }
    مستجدات منّا: { $updates }
    رسائل بلا صوت: { $silent }
settings-not-answered = بلا إجابة
settings-on = نعم
settings-off = لا
settings-change-language = تغيير اللغة
settings-change-age_band = تغيير العمر
settings-change-gender = تعديل إجابة الجنس
settings-change-region = تغيير المنطقة
settings-change-role = تغيير الدور
settings-updates-on = تلقّي المستجدات: نعم
settings-updates-off = تلقّي المستجدات: لا
settings-silent-on = رسائل بلا صوت: نعم
settings-silent-off = رسائل بلا صوت: لا
settings-drip-on = ملاحظة كل أسبوع: نعم
settings-drip-off = ملاحظة كل أسبوع: لا
settings-back = العودة إلى القائمة
language-changed = تم: سأكتب لك بالعربية.

## My data.
mydata-summary =
    هذا كل ما نحتفظ به عنك.
    الرقم المرجعي (ليس حسابك في تيليجرام): { $reference }
    اللغة: { $language }
    الموافقة على الإشعار: النسخة { $consent_version }، { $consented_at }
    انضممت عن طريق: { $source }
    العمر: { $age_band }
    الجنس: { $gender }
    المنطقة: { $region }
    الدور: { $role }
    مستجدات منّا: { $updates }
    رسائل بلا صوت: { $silent }
    ملاحظة كل أسبوع: { $drip }
    الملاحظات التي قرأتها: { $reads }
    الاستبيانات التي شاركت فيها: { $surveys }
    أول تواصل: { $created_at }
    ونحتفظ أيضًا برقم هذه المحادثة، فقط لكي يتمكن البوت من مراسلتك.
    في الملف أدناه المعلومات نفسها، لتبقى نسخة منها معك.
mydata-source-none = غير مسجّل
mydata-file-caption = بياناتك في هذا البوت.
mydata-nothing = لا نحتفظ بأي شيء عنك. للبدء، أرسل /start.

## Erasure and stopping.
delete-confirm =
    محو كل ما نحتفظ به عنك؟
    سيؤدي ذلك إلى حذف إجاباتك وإعداداتك وموافقتك، وإتلاف مفتاحك. لا يمكن التراجع عن ذلك.
delete-yes = نعم، احذف كل شيء
delete-cancel = لا، احتفظ بها
delete-cancelled = لم يُحذف أي شيء.
delete-done =
    تم. محونا كل ما كنا نحتفظ به عنك: إجاباتك، وإعداداتك، وموافقتك، ومفتاحك، ورقم هذه المحادثة.
    لكن تيليجرام نفسها ما زالت تحفظ هذه المحادثة على هاتفك إلى أن تحذفها أنت، وتحتفظ بسجلاتها الخاصة التي تُظهر أنك استخدمت هذا البوت. لا يمكننا محو ذلك.
    إذا أردت العودة يومًا ما، أرسل /start.
stop-done =
    لن تصلك رسائل منّا بعد الآن. نحتفظ ببياناتك، ويمكنك محوها بإرسال /delete.
    وللعودة في أي وقت، أرسل /start.
start-resumed = أهلًا بعودتك. ستصلك رسائلنا من جديد.
start-returning = أهلًا بعودتك.

## Quick exit.
quick-exit-done = تم.
quick-exit-what = ما الذي لم يُحذف؟
quick-exit-limits = حذفتُ رسائل آخر يومين منذ انضمامك. لم يُحذف: الرسائل الأقدم، والإشعارات التي ظهرت، ونسخ تيليجرام، والمحادثة في قائمتك: احذفها من تيليجرام.

## Anything unexpected.
error-apology = عذرًا، حدث خطأ من جهتنا. حاول مرة أخرى بعد قليل.
slow-down = أنت ترسل الرسائل بسرعة كبيرة. انتظر بضع ثوانٍ من فضلك.
edit-ignored = لا أستطيع رؤية التعديلات على رسالة أرسلتها من قبل. أرسل رسالة جديدة بدلًا من ذلك.
not-understood = عذرًا، لم أفهم. استخدم الأزرار أو أرسل /help.
use-buttons = يُرجى الإجابة باستخدام الأزرار.
start-first = للبدء، أرسل /start.
private-only = أعمل فقط في المحادثات الخاصة. يُرجى مراسلتي مباشرة، وليس في مجموعة.
button-expired = هذا الزر لم يعد يعمل.

## Surveys: "share your views". { $title } is the survey's own title.
surveys-title = هذه الاستبيانات مفتوحة لك. تُحفظ إجاباتك أولًا بأول، لذلك يمكنك التوقف والمتابعة لاحقًا.
surveys-none = لا يوجد استبيان لك الآن. سنخبرك عندما يتوفر استبيان، إذا اخترت تلقّي رسائل منّا.
surveys-entry = • { $title }: { $size }
surveys-continue-title = متابعة: { $title }
survey-to-menu = العودة إلى القائمة
survey-other-surveys = استبيانات أخرى
survey-size = { $questions ->
    [one] سؤال واحد
    [two] سؤالان
    [few] { $questions } أسئلة
    [many] { $questions } سؤالًا
   *[other] { $questions } سؤال
  }، والمدة { $minutes ->
    [one] دقيقة واحدة
    [two] دقيقتان
    [few] { $minutes } دقائق
    [many] { $minutes } دقيقة
   *[other] { $minutes } دقيقة
  } تقريبًا.
survey-linked = تُحفظ إجاباتك مع فئتك العمرية وجنسك ومنطقتك ودورك، إذا كنت قد ذكرتها، حتى تُظهر التقارير آراء الفئات المختلفة. ولا تُحفظ مع اسمك أبدًا.
survey-anonymous = هذا الاستبيان مجهول الهوية: تُحفظ إجاباتك دون فئتك العمرية أو جنسك أو منطقتك أو دورك.
survey-started = لقد بدأته من قبل: أنت الآن عند السؤال { $number } من { $total }.
survey-start = ابدأ
survey-continue = متابعة
survey-question-number = السؤال { $number } من { $total }
survey-other = غير ذلك
survey-other-prompt = اخترت «غير ذلك» في: { $question }
    يُرجى كتابة إجابتك في كلمات قليلة.
survey-choose-one = اختر إجابة واحدة.
survey-choose-many = اختر كل ما ينطبق عليك، ثم اضغط «تم».
survey-rank = { $count ->
    [one] اختر الخيار الأهم بالنسبة لك.
    [two] اختر أهم خيارين بالنسبة لك، وابدأ بالأهم.
    [few] اختر أهم { $count } خيارات بالنسبة لك، وابدأ بالأهم.
    [many] اختر أهم { $count } خيارًا بالنسبة لك، وابدأ بالأهم.
   *[other] اختر أهم { $count } خيار بالنسبة لك، وابدأ بالأهم.
  }
survey-rank-so-far = ترتيبك حتى الآن:
survey-scale = اختر رقمًا من { $low } ({ $low_label }) إلى { $high } ({ $high_label }).
survey-scale-plain = اختر رقمًا من { $low } إلى { $high }.
survey-type-whole-number = اكتب عددًا صحيحًا.
survey-type-number = اكتب رقمًا.
survey-type-text = اكتب إجابتك. يُرجى عدم كتابة أسماء أشخاص.
survey-send-voice = أرسل رسالة صوتية: اضغط باستمرار على زر الميكروفون أثناء الكلام. يُرجى عدم ذكر أسماء أشخاص.
survey-next = متابعة
survey-done = تم
survey-undo = إلغاء آخر اختيار
survey-back = رجوع
survey-skip = تخطي
survey-pause = توقّف الآن، وأكمل لاحقًا
survey-thanks = شكرًا لك. تم حفظ إجاباتك. سيستخدمها المنظمون، مع إجابات الآخرين، للتخطيط لاحتياجات مجتمعك. التقارير تعرض المجاميع فقط، ولا تذكر الأسماء أبدًا.
survey-paused = تم الإيقاف مؤقتًا. إجاباتك حتى الآن محفوظة. للمتابعة، افتح «مشاركة رأيك» من القائمة.
survey-button-old = تمت الإجابة عن هذا السؤال من قبل.
survey-refused-use-buttons = يُرجى الإجابة باستخدام الأزرار تحت السؤال.
survey-refused-choose = يُرجى اختيار إجابة باستخدام الأزرار.
survey-refused-required = هذا السؤال يحتاج إلى إجابة.
survey-refused-number = يُرجى كتابة رقم، مثلًا: 12
survey-refused-whole-number = يُرجى كتابة عدد صحيح، بلا فاصلة عشرية.
survey-refused-constraint = هذه الإجابة غير ممكنة هنا. يُرجى التحقق منها والمحاولة مرة أخرى.
survey-refused-too-long = النص طويل جدًا. يُرجى اختصاره. الحد الأقصى: 2000 حرف
survey-refused-text-expected = يُرجى كتابة إجابتك في رسالة نصية.
survey-refused-voice-expected = يُرجى إرسال رسالة صوتية لهذا السؤال، أو تخطيه.
survey-refused-rank-incomplete = يُرجى اختيار العدد المطلوب من الخيارات، والبدء بالأهم.
survey-unavailable-closed = هذا الاستبيان مغلق. شكرًا لاهتمامك.
survey-unavailable-draft = هذا الاستبيان غير مفتوح.
survey-unavailable-not-invited = هذا الاستبيان فقط للأشخاص المدعوّين إليه.
survey-unavailable-already-answered = لقد أجبت عن هذا الاستبيان من قبل. شكرًا لك.
survey-unavailable-not-in-language = هذا الاستبيان غير متوفر بلغتك.

## Facilitators (/surveys). Only staff see these.
staff-surveys-title = الاستبيانات في المكتبة. اختر استبيانًا لرؤية أرقامه، أو فتحه، أو إغلاقه، أو معاينته.
staff-surveys-none =
    لا توجد استبيانات في المكتبة.
    ضع ملفات الاستبيانات في هذا المجلد:
    content/surveys/
    ثم أعد تشغيل البوت.
staff-survey-line = { $title } ({ $status })
staff-status-draft = مسودة
staff-status-open = مفتوح
staff-status-closed = مغلق
staff-survey-summary = { $title }
    الاسم: { $id }، النسخة { $version }
    الحالة: { $status }
    عدد الأسئلة: { $questions }. المدة بالدقائق: { $minutes } تقريبًا.
    اللغات: { $languages }
    عدد من بدأه: { $started }. عدد من أكمله: { $completed }.
staff-survey-answered = عدد الإجابات لكل سؤال:
staff-survey-more = …و{ $count } أخرى. التفاصيل في الأمر:
    peacebot survey stats
staff-reopen-closed = أُغلق هذا الاستبيان في { $date }. لفتحه من جديد، غيّر الحقل closes في ملفه وأعد تشغيل البوت.
staff-open = فتح الاستبيان
staff-close = إغلاق الاستبيان
staff-opened = تم الفتح.
staff-closed = تم الإغلاق.
staff-preview = معاينة: { $language }
staff-refresh = تحديث
staff-back = كل الاستبيانات
staff-preview-start = معاينة «{ $title }» ({ $language })، تمامًا كما يراها الشخص المشارك. لا يُحفظ أي شيء تجيب به. زر «توقّف الآن، وأكمل لاحقًا» ينهي المعاينة.
staff-preview-ended = انتهت المعاينة. لم يُحفظ أي شيء.

staff-help = لمنح دور أو سحبه، اكتب:
    /staff grant TELEGRAM_ID ROLE
    /staff revoke TELEGRAM_ID ROLE
    الأدوار: facilitator للاستبيانات، وorganiser للتصدير، وadmin. يمكن للشخص معرفة رقم حسابه في تيليغرام عبر بوت مثل @userinfobot.
    الأدوار الممنوحة: { $summary }. المشرفون من الإعدادات: { $admins }.
staff-bad-command = لم أفهم. اكتب مثلًا: /staff grant 12345 facilitator (رقم تيليغرام، ثم facilitator أو organiser أو admin).
staff-granted = تم: أصبح لهذا الشخص الدور { $role }. تظهره قائمة أوامره.
staff-already = لدى هذا الشخص هذا الدور من قبل ({ $role }). لم يتغير شيء.
staff-revoked = تم: لم يعد لهذا الشخص الدور { $role }.
staff-did-not-have = لم يكن لهذا الشخص هذا الدور ({ $role }). لم يتغير شيء.
staff-admin-from-settings = هذا الشخص مشرف عبر الإعداد ADMIN_IDS: احذفه من هناك.

## The command menu (short descriptions, at most 256 characters).
command-start = البدء أو البدء من جديد
command-menu = القائمة الرئيسية
command-settings = اللغة، وإجاباتك، ورسائلنا إليك
command-language = تغيير اللغة
command-mydata = رؤية ما نحتفظ به عنك
command-delete = محو كل ما نحتفظ به عنك
command-stop = إيقاف رسائلنا إليك
command-help = ماذا يفعل هذا البوت
command-surveys = الاستبيانات: الأعداد والفتح والإغلاق والمعاينة
command-staff = منح أدوار الفريق أو سحبها
command-broadcast = إرسال استبيان أو ملاحظة أو رسالة إلى المشاركين
command-export = تصدير الإجابات في ملف آمن

## Broadcasts: what participants receive.
broadcast-why = تصلك هذه الرسالة لأنك طلبت تلقّي المستجدات. لإيقافها، استخدم /settings
broadcast-survey-invitation = ندعوك إلى مشاركة رأيك.
broadcast-explainer-intro = معلومة قد تهمّك:
broadcast-menu = القائمة

## Broadcasts: the facilitator's progress message.
broadcast-progress = الرسالة الجماعية رقم { $id }: { $status }
    تم الإرسال: { $sent } من { $total }
    تعذّر الإرسال: { $failed }
    حظروا البوت أو غادروا تيليجرام: { $unreachable }
    لم نرسل إليهم (أوقفوا المستجدات أو غادروا): { $skipped }
    بقي للإرسال: { $remaining } (المدة بالدقائق: { $minutes } تقريبًا)
broadcast-progress-stopped = أُوقفت قبل الإرسال: { $count }
broadcast-status-draft = لم تُؤكَّد بعد
broadcast-status-scheduled = مجدولة
broadcast-status-sending = قيد الإرسال
broadcast-status-done = اكتملت
broadcast-status-cancelled = أُوقفت
broadcast-scheduled-for = موعد البدء: { $moment }
broadcast-cancel = إيقاف الإرسال
broadcast-finished = لن يُرسل أي شيء آخر.

## Broadcasts: what a facilitator can fix.
broadcast-problem-unknown-kind = لا يوجد نوع من الرسائل الجماعية اسمه «{ $kind }». اختر دعوة إلى استبيان، أو ملاحظة، أو رسالة.
broadcast-problem-nobody = لا يوجد أحد ضمن هذه الفئة (نحسب فقط من طلبوا تلقّي المستجدات ويمكن الوصول إليهم). اختر فئة أوسع.
broadcast-problem-unknown-survey = الاستبيان «{ $survey }» غير موجود في المكتبة.
broadcast-problem-survey-not-open = الاستبيان «{ $survey }» غير مفتوح. افتحه أولًا بالأمر /surveys، ثم ادعُ الناس إليه.
broadcast-problem-unknown-explainer = الملاحظة «{ $explainer }» غير موجودة في المكتبة.
broadcast-problem-message-too-long = النص باللغة { $language } طويل جدًا. ليتّسع لشاشة هاتف واحدة، الحد الأقصى لعدد حروفه: { $limit }
broadcast-problem-missing-languages = { $people ->
    [one] في هذه الفئة شخص واحد اختار لغة ليس لها نص: { $languages }. أضف النص بلغته، أو اختر فئة لا تشمله.
    [two] في هذه الفئة شخصان اختارا لغة ليس لها نص: { $languages }. أضف النص بلغتهما، أو اختر فئة لا تشملهما.
    [few] في هذه الفئة { $people } أشخاص اختاروا لغة ليس لها نص: { $languages }. أضف النص بلغتهم، أو اختر فئة لا تشملهم.
    [many] في هذه الفئة { $people } شخصًا اختاروا لغة ليس لها نص: { $languages }. أضف النص بلغتهم، أو اختر فئة لا تشملهم.
   *[other] في هذه الفئة { $people } شخص اختاروا لغة ليس لها نص: { $languages }. أضف النص بلغتهم، أو اختر فئة لا تشملهم.
  } لا نرسل أي شيء أبدًا بلغة لم يخترها الشخص.
broadcast-problem-in-the-past = هذا الوقت قد مضى. اختر وقتًا في المستقبل.
broadcast-problem-unknown-broadcast = لا توجد لديك رسالة جماعية رقمها { $id }.
broadcast-problem-not-a-draft = الرسالة الجماعية رقم { $id } أُكِّدت أو أُوقفت من قبل. لم يتغير شيء.
broadcast-problem-already-finished = الرسالة الجماعية رقم { $id } انتهت أو أُوقفت من قبل. لم يتغير شيء.

## Broadcasts: the facilitator's chat flow. What comes after "=" in a filter (gender=woman)
## and the format YYYY-MM-DD HH:MM are what the facilitator types: keep them as they are.
## Latin examples with quotes or several values stand on their own line, so they read the right way.
broadcast-flow-what-kind = ماذا تريد أن ترسل؟ لا يصل إلا إلى من طلبوا تلقّي المستجدات.
broadcast-flow-kind-survey = دعوة إلى استبيان
broadcast-flow-kind-explainer = ملاحظة
broadcast-flow-kind-message = رسالة بكلماتك أنت
broadcast-flow-recent = الرسائل الجماعية الأخيرة
broadcast-flow-back = رجوع
broadcast-flow-start-again = البدء من جديد
broadcast-flow-choose-survey = أي استبيان؟ القائمة تعرض الاستبيانات المفتوحة فقط.
broadcast-flow-no-open-survey = لا يوجد استبيان مفتوح الآن. افتح استبيانًا بالأمر /surveys، ثم عُد إلى هنا.
broadcast-flow-choose-explainer = أي ملاحظة؟
broadcast-flow-choose-explainer-first = أي ملاحظة؟ هذه { $count ->
    [one] الملاحظة الأولى
    [two] أول ملاحظتين
    [few] أول { $count } ملاحظات
    [many] أول { $count } ملاحظةً
   *[other] أول { $count } ملاحظة
  }، مرتبةً حسب العنوان.
broadcast-flow-choose-audience = من يجب أن يتلقاها؟ مهما كان اختيارك، لا تصل إلا إلى من طلبوا تلقّي المستجدات، ولم يوقفوها، وما زال الوصول إليهم ممكنًا.
broadcast-flow-everyone = كل من طلبوا تلقّي المستجدات
broadcast-flow-describe = وصف فئة
broadcast-flow-filter-help = صِف الفئة في سطر واحد، مثلًا:
    { $example }
    ما يمكنك استخدامه (الحقل الذي تتركه لا يستبعد أحدًا):
    اللغة language = { $languages }
    العمر age = youth (من 18 إلى 29 سنة)، أو { $ages }
    الجنس gender = { $genders }
    المنطقة region = { $regions }
    الدور role = { $roles }
    مصدر الانضمام source = اسم رابط الانضمام
    من أكملوا استبيانًا answered = اسم الاستبيان
    من لم يكملوه not-answered = اسم الاستبيان
    آخر نشاط active-since = عدد أيام مثل 30d (آخر 30 يومًا)، أو يوم بالصيغة YYYY-MM-DD
    لعدة قيم، افصل بينها بفاصلة:
    language=fr,ar
    ضع الاسم الذي فيه مسافات بين علامتي تنصيص:
    region="North Kivu"
    ولاختيار كل من طلبوا تلقّي المستجدات، اكتب فقط:
    everyone
broadcast-flow-any-region = أي اسم منطقة تستخدمه
broadcast-flow-filter-problem = لم أستطع استخدام ذلك: { $problem }
    يُرجى كتابته من جديد.
broadcast-flow-audience = في هذه الفئة { $total ->
    [one] شخص واحد
    [two] شخصان
    [few] { $total } أشخاص
    [many] { $total } شخصًا
   *[other] { $total } شخص
  }. حسب اللغة: { $summary }.
broadcast-flow-everyone-label = كل من طلبوا تلقّي المستجدات
broadcast-flow-language = { $language ->
    [en] الإنجليزية
    [fr] الفرنسية
    [ar] العربية
    [es] الإسبانية
   *[other] { $language }
  }
broadcast-flow-ask-text = الآن اكتب النص الموجَّه إلى { $count ->
    [one] الشخص الذي يقرأ
    [two] الشخصين اللذين يقرآن
    [few] { $count } أشخاص يقرؤون
    [many] { $count } شخصًا يقرؤون
   *[other] { $count } شخص يقرؤون
  } باللغة { $language }. اكتبه في رسالة واحدة، وسيُرسَل كما تكتبه تمامًا. الحد الأقصى لعدد حروفه: { $limit }
broadcast-flow-skip-language = بلا نص باللغة { $language }
broadcast-flow-type-text = يُرجى كتابة النص في رسالة. لا يمكن إرسال الملصقات أو الصور أو الرسائل الصوتية أو الملفات في رسالة جماعية.
broadcast-flow-add-texts = كتابة النصوص الناقصة
broadcast-flow-other-audience = اختيار فئة أخرى
broadcast-flow-preview-for = معاينة لما سيصل إلى { $count ->
    [one] الشخص الذي يقرأ
    [two] الشخصين اللذين يقرآن
    [few] { $count } أشخاص يقرؤون
    [many] { $count } شخصًا يقرؤون
   *[other] { $count } شخص يقرؤون
  } باللغة { $language }:
broadcast-flow-what = { $kind ->
    [survey] دعوة إلى الاستبيان «{ $title }»
    [explainer] الملاحظة «{ $title }»
   *[other] رسالة بكلماتك أنت
  }
broadcast-flow-confirm = هل ترسلها الآن إلى { $total ->
    [one] شخص واحد
    [two] شخصين
    [few] { $total } أشخاص
    [many] { $total } شخصًا
   *[other] { $total } شخص
  }؟
    المحتوى: { $what }
    الفئة: { $audience } ({ $summary })
broadcast-flow-send-now = الإرسال الآن
broadcast-flow-schedule = جدولة الإرسال
broadcast-flow-preview-again = عرض المعاينة مرة أخرى
broadcast-flow-discard = إلغاء
broadcast-flow-discarded = تم الإلغاء. لم يُرسل أي شيء، ولم نحتفظ بأي شيء من المسودة.
broadcast-flow-ask-time = متى يبدأ الإرسال؟ اكتب اليوم والساعة بالصيغة YYYY-MM-DD HH:MM، بتوقيت { $zone }. الوقت الآن هناك: { $now }
broadcast-flow-bad-time = لم أستطع قراءة «{ $given }» كيوم وساعة. اكتبه بالصيغة YYYY-MM-DD HH:MM، مثلًا: { $example }
broadcast-flow-sending = تم التأكيد: يجري إرسال الرسالة الجماعية رقم { $id } إلى { $total ->
    [one] شخص واحد
    [two] شخصين
    [few] { $total } أشخاص
    [many] { $total } شخصًا
   *[other] { $total } شخص
  }. يمكنك متابعة الإرسال أدناه.
broadcast-flow-scheduled = تم التأكيد: سيبدأ إرسال الرسالة الجماعية رقم { $id } في { $date } (بتوقيت { $zone }).
broadcast-flow-stopped = أُوقفت. { $count ->
    [0] لن يُرسل أي شيء آخر.
    [one] لن تُرسل رسالة واحدة.
    [two] لن تُرسل رسالتان.
    [few] لن تُرسل { $count } رسائل.
    [many] لن تُرسل { $count } رسالةً.
   *[other] لن تُرسل { $count } رسالة.
  }
broadcast-flow-recent-none = لا توجد رسائل جماعية لعرضها بعد.
broadcast-flow-recent-title = آخر الرسائل الجماعية، من الأحدث إلى الأقدم:
broadcast-flow-recent-line = { $what }. الفئة: { $audience }.
broadcast-flow-stop-one = إيقاف الرسالة الجماعية رقم { $id }

## المنظمون (/export). لا يراها إلا المنظمون والمشرفون.
staff-export-title = إجابات أي استبيان تريد تصديرها؟ ستصلك في ملف لا يمكن إعادة توجيهه: أرقام تعريف بدل الحسابات، والمجموعات الصغيرة مموهة، ومن دون الإجابات التي كتبها الناس بكلماتهم (لهذه استخدم الأمر peacebot export على الخادم). يبقى الملف في سحابة تيليغرام، في هذه المحادثة، حتى تحذفه.
staff-export-format = { $title }: أي نوع من الملفات؟ ملف XLSX فيه دليل للمتغيرات.
staff-export-unknown = لا يوجد استبيان باسم «{ $id }». أرسل /export لتختار من القائمة.
staff-export-working = جار إعداد الملف…
staff-export-already = يجري بالفعل إعداد ملف من هذه الرسالة. لنوع آخر، أرسل /export مرة أخرى.
staff-export-left-out = { $answers ->
    [one] خارج الملف: إجابة واحدة عن سؤال لم يعد في الاستبيان (وهي محفوظة).
    [two] خارج الملف: إجابتان عن أسئلة لم تعد في الاستبيان (وهما محفوظتان).
    [few] خارج الملف: { $answers } إجابات عن أسئلة لم تعد في الاستبيان (وهي محفوظة).
    [many] خارج الملف: { $answers } إجابةً عن أسئلة لم تعد في الاستبيان (وهي محفوظة).
   *[other] خارج الملف: { $answers } إجابة عن أسئلة لم تعد في الاستبيان (وهي محفوظة).
}
staff-export-done = { $rows ->
    [one] إجابة واحدة.
   *[other] عدد الإجابات: { $rows }.
} حقول الملف الشخصي المحذوفة في المجموعات الصغيرة: { $blanked }. بعد حفظ الملف احذف هذه الرسالة: يحتفظ بها تيليغرام حتى ذلك الحين.
staff-export-too-big = الملف أكبر من أن يرسل هنا ({ $megabytes } ميغابايت). اطلب ممن يدير الخادم أن يستخدم الأمر peacebot export.
