//! The parent page's words: warm, plain, no care-system jargon. Each row has Dutch, English,
//! Turkish, Arabic and Polish, in the order of [`ParentLang::ALL`]; a missing translation is a
//! compile error, not a blank label.
//!
//! Dutch and English are built into the parent page. Turkish, Arabic and Polish are files of
//! their own ([`file`], written into the build by the `parent-words` bin), fetched when a parent
//! picks one or the team marked it: most parents never need them, and they were ≈ 3 KB of the
//! page's first download. Each file is named by a hash of its words, so a page reads only the
//! words of its own build, and the server may cache them for good.

use crate::lang::ParentLang;

macro_rules! words {
    ($($key:ident => [$nl:literal, $en:literal, $tr:literal, $ar:literal, $pl:literal];)*) => {
        #[derive(Clone, Copy, Debug, PartialEq, Eq)]
        pub enum Key { $($key),* }

        // One table per language, indexed by the key (as the app's `translations!`): a `match`
        // that builds a five-word row per key is code for every row.
        const BUILT_IN: [&[&str]; 2] = [&[$($nl),*], &[$($en),*]];

        /// The fetched languages' tables, in the order of [`FETCHED_LANGS`]. A page that fetches
        /// them never reads this, so none of it is in its download; the app's preview and the
        /// files' writer do.
        pub const FETCHED: [&[&str]; 3] = [&[$($tr),*], &[$($ar),*], &[$($pl),*]];
    };
}

/// The languages whose words are fetched when needed, in the order of [`FETCHED`].
pub const FETCHED_LANGS: [ParentLang; 3] = [ParentLang::Tr, ParentLang::Ar, ParentLang::Pl];

/// How many words a table has: a fetched table of another length is not this build's.
pub const COUNT: usize = BUILT_IN[0].len();

/// FNV-1a over every fetched word, computed by the compiler: it names the files, and a change of
/// any word, or of their order, renames them.
const TAG: u64 = {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    let mut table = 0;
    while table < FETCHED.len() {
        let mut key = 0;
        while key < FETCHED[table].len() {
            let bytes = FETCHED[table][key].as_bytes();
            let mut i = 0;
            // A separator after each word: ["ab", "c"] and ["a", "bc"] hash apart.
            while i <= bytes.len() {
                let byte = if i < bytes.len() { bytes[i] } else { 0xff };
                hash = (hash ^ byte as u64).wrapping_mul(0x0100_0000_01b3);
                i += 1;
            }
            key += 1;
        }
        table += 1;
    }
    hash
};

impl Key {
    /// The word, if the page carries `lang`'s words itself (Dutch and English).
    pub fn built_in(self, lang: ParentLang) -> Option<&'static str> {
        BUILT_IN.get(lang.index()).map(|table| table[self as usize])
    }

    /// Its place in a fetched table.
    pub fn index(self) -> usize {
        self as usize
    }
}

/// Where a fetched language's table is in [`FETCHED`] (and which loaded table to read).
pub fn fetched_slot(lang: ParentLang) -> Option<usize> {
    FETCHED_LANGS.iter().position(|l| *l == lang)
}

/// The path of `lang`'s word file, for the fetched languages.
pub fn file(lang: ParentLang) -> Option<String> {
    fetched_slot(lang).map(|_| format!("/parent-words-{}-{TAG:016x}.json", lang.code()))
}

/// A fetched language's file: its table as a JSON array of strings.
pub fn file_content(slot: usize) -> String {
    serde_json::to_string(FETCHED[slot]).expect("a list of strings is always JSON")
}

words! {
    Brand => ["Signaal · voor ouders", "Signaal · for parents", "Signaal · veliler için", "Signaal · للوالدين", "Signaal · dla rodziców"];
    Language => ["Taal", "Language", "Dil", "اللغة", "Język"];
    Kicker => ["Zo gaat het met", "How things are going for", "Nasıl gidiyor:", "كيف تسير الأمور مع", "Jak sobie radzi"];
    From => ["Van", "From", "Gönderen", "من", "Od"];
    GoingWell => ["Wat goed gaat", "What is going well", "İyi giden şeyler", "ما يسير بشكل جيد", "Co idzie dobrze"];
    SinceLast => ["Sinds de vorige keer", "Since last time", "Geçen seferden beri", "منذ المرة الماضية", "Od ostatniego razu"];
    WorkingOn => ["Waar we samen aan werken", "What we are working on together", "Birlikte üzerinde çalıştıklarımız", "ما نعمل عليه معًا", "Nad czym razem pracujemy"];
    TeamDoes => ["Wat wij op de BSO doen", "What we do at after-school care", "Okul sonrası bakımda yaptıklarımız", "ما نقوم به في الرعاية بعد المدرسة", "Co robimy w świetlicy"];
    Helpers => ["Wie helpt mee", "Who is helping", "Kimler yardım ediyor", "من يساعد", "Kto pomaga"];
    Tips => ["Tips voor thuis", "Tips for home", "Ev için öneriler", "نصائح للبيت", "Wskazówki na dom"];
    NextTalk => ["Ons volgende gesprek", "Our next talk", "Bir sonraki görüşmemiz", "لقاؤنا القادم", "Nasza następna rozmowa"];
    Message => ["Een persoonlijk bericht", "A personal message", "Kişisel bir mesaj", "رسالة شخصية", "Osobista wiadomość"];
    Opening => ["De samenvatting wordt geopend…", "Opening the summary…", "Özet açılıyor…", "جارٍ فتح الملخص…", "Otwieranie podsumowania…"];
    ValidUntil => ["Deze link werkt tot en met", "This link works until", "Bu bağlantı şu tarihe kadar geçerli:", "يعمل هذا الرابط حتى", "Ten link działa do"];
    OfflineCopy => ["Je bent offline. Je ziet de versie die je eerder op dit toestel opende.", "You are offline. This is the version you opened on this device before.", "Çevrimdışısınız. Bu cihazda daha önce açtığınız sürümü görüyorsunuz.", "أنت غير متصل. هذه هي النسخة التي فتحتها سابقًا على هذا الجهاز.", "Jesteś offline. Widzisz wersję otwartą wcześniej na tym urządzeniu."];
    Private => ["Alleen wie deze link heeft, kan dit lezen. Stuur hem liever niet door.", "Only people with this link can read this. Please do not pass it on.", "Bunu yalnızca bu bağlantıya sahip olanlar okuyabilir. Lütfen başkasına iletmeyin.", "لا يستطيع قراءة هذا إلا من لديه هذا الرابط. يُرجى عدم إرساله لغيرك.", "Tylko osoby z tym linkiem mogą to przeczytać. Prosimy go nie przekazywać."];
    GoneTitle => ["Deze link werkt niet meer", "This link no longer works", "Bu bağlantı artık çalışmıyor", "هذا الرابط لم يعد يعمل", "Ten link już nie działa"];
    GoneBody => ["De link is verlopen of door de BSO ingetrokken. Zo gaan we zorgvuldig om met de gegevens van je kind. Vraag de pedagogisch medewerker gerust om een nieuwe link.", "The link has expired or was withdrawn by the after-school care. That is how we take care of your child's information. Feel free to ask the team for a new link.", "Bağlantının süresi doldu veya okul sonrası bakım tarafından geri çekildi. Çocuğunuzun bilgilerini böyle özenle koruyoruz. Ekipten yeni bir bağlantı isteyebilirsiniz.", "انتهت صلاحية الرابط أو سحبته الرعاية بعد المدرسة. هكذا نحافظ على معلومات طفلك. يمكنك أن تطلب من الفريق رابطًا جديدًا.", "Link wygasł lub został wycofany przez świetlicę. Tak dbamy o dane Twojego dziecka. Możesz poprosić zespół o nowy link."];
    BadLinkTitle => ["Deze link is niet compleet", "This link is incomplete", "Bu bağlantı eksik", "هذا الرابط غير مكتمل", "Ten link jest niepełny"];
    BadLinkBody => ["De link past niet bij een samenvatting. Misschien is er een stukje weggevallen bij het kopiëren. Open de link nog eens vanuit het bericht, of vraag de BSO om hem opnieuw te sturen.", "The link does not fit a summary. Perhaps part of it was lost when it was copied. Open it again from the message, or ask the after-school care to send it again.", "Bağlantı bir özete uymuyor. Kopyalanırken bir kısmı kaybolmuş olabilir. Mesajdan tekrar açın veya okul sonrası bakımdan yeniden göndermesini isteyin.", "الرابط لا يطابق أي ملخص. ربما ضاع جزء منه عند النسخ. افتحه مرة أخرى من الرسالة، أو اطلب من الرعاية بعد المدرسة إرساله من جديد.", "Link nie pasuje do żadnego podsumowania. Może część zginęła przy kopiowaniu. Otwórz go ponownie z wiadomości albo poproś świetlicę o ponowne wysłanie."];
    NoLinkTitle => ["Nog geen samenvatting op dit toestel", "No summary on this device yet", "Bu cihazda henüz özet yok", "لا يوجد ملخص على هذا الجهاز بعد", "Na tym urządzeniu nie ma jeszcze podsumowania"];
    NoLinkBody => ["Open de link die je van de BSO kreeg. Daarna vind je de samenvatting hier terug.", "Open the link you received from the after-school care. After that you will find the summary here.", "Okul sonrası bakımdan aldığınız bağlantıyı açın. Sonra özeti burada bulursunuz.", "افتح الرابط الذي تلقيته من الرعاية بعد المدرسة. بعد ذلك ستجد الملخص هنا.", "Otwórz link otrzymany ze świetlicy. Potem znajdziesz podsumowanie tutaj."];
    OfflineTitle => ["Geen verbinding", "No connection", "Bağlantı yok", "لا يوجد اتصال", "Brak połączenia"];
    OfflineBody => ["Deze samenvatting is op dit toestel nog niet eerder geopend. Probeer het opnieuw als je verbinding hebt.", "This summary has not been opened on this device before. Try again when you are connected.", "Bu özet bu cihazda daha önce açılmadı. Bağlandığınızda tekrar deneyin.", "لم يُفتح هذا الملخص على هذا الجهاز من قبل. حاول مرة أخرى عندما تكون متصلًا.", "To podsumowanie nie było jeszcze otwierane na tym urządzeniu. Spróbuj ponownie, gdy będziesz mieć połączenie."];
    BusyTitle => ["Het is even druk", "It is busy right now", "Şu an yoğun", "الخدمة مشغولة الآن", "Chwilowo jest duży ruch"];
    BusyBody => ["Probeer het over een minuut opnieuw.", "Please try again in a minute.", "Lütfen bir dakika sonra tekrar deneyin.", "يُرجى المحاولة مرة أخرى بعد دقيقة.", "Spróbuj ponownie za minutę."];
    NewerTitle => ["Ververs de pagina", "Please reload the page", "Lütfen sayfayı yenileyin", "يُرجى إعادة تحميل الصفحة", "Odśwież stronę"];
    NewerBody => ["Deze samenvatting is gemaakt met een nieuwere versie. Ververs de pagina om hem te lezen.", "This summary was made with a newer version. Reload the page to read it.", "Bu özet daha yeni bir sürümle yapıldı. Okumak için sayfayı yenileyin.", "أُعدّ هذا الملخص بإصدار أحدث. أعد تحميل الصفحة لقراءته.", "To podsumowanie powstało w nowszej wersji. Odśwież stronę, aby je przeczytać."];
    OlderTitle => ["Dit is een oudere versie", "This is an older version", "Bu eski bir sürüm", "هذه نسخة أقدم", "To starsza wersja"];
    OlderBody => ["Op dit toestel is al een nieuwere samenvatting van deze link geopend. Deze oudere wordt daarom niet getoond. Probeer het later opnieuw of laat het de BSO weten.", "A newer summary of this link was already opened on this device, so this older one is not shown. Try again later or let the after-school care know.", "Bu cihazda bu bağlantının daha yeni bir özeti zaten açıldı, bu yüzden eskisi gösterilmiyor. Daha sonra tekrar deneyin veya okul sonrası bakıma bildirin.", "فُتح ملخص أحدث لهذا الرابط على هذا الجهاز، لذلك لا تُعرض هذه النسخة الأقدم. حاول لاحقًا أو أخبر الرعاية بعد المدرسة.", "Na tym urządzeniu otwarto już nowsze podsumowanie z tego linku, więc starsze nie jest pokazywane. Spróbuj później lub daj znać świetlicy."];
    BrokenTitle => ["Er ging iets mis", "Something went wrong", "Bir şeyler ters gitti", "حدث خطأ ما", "Coś poszło nie tak"];
    BrokenBody => ["De samenvatting kon niet worden gelezen. Probeer het later opnieuw of laat het de BSO weten.", "The summary could not be read. Try again later or let the after-school care know.", "Özet okunamadı. Daha sonra tekrar deneyin veya okul sonrası bakıma bildirin.", "تعذّرت قراءة الملخص. حاول لاحقًا أو أخبر الرعاية بعد المدرسة.", "Nie udało się odczytać podsumowania. Spróbuj później lub daj znać świetlicy."];
    InsecureTitle => ["Open deze link via https", "Please open this link over https", "Lütfen bu bağlantıyı https ile açın", "يُرجى فتح هذا الرابط عبر https", "Otwórz ten link przez https"];
    InsecureBody => ["Deze pagina is zonder beveiligde verbinding geopend, en dan kan de samenvatting niet veilig worden geopend. Vraag de BSO om een link die met https:// begint.", "This page was opened without a secure connection, so the summary cannot be opened safely. Ask the after-school care for a link that starts with https://.", "Bu sayfa güvenli bağlantı olmadan açıldı, bu yüzden özet güvenle açılamaz. Okul sonrası bakımdan https:// ile başlayan bir bağlantı isteyin.", "فُتحت هذه الصفحة دون اتصال آمن، لذلك لا يمكن فتح الملخص بأمان. اطلب من الرعاية بعد المدرسة رابطًا يبدأ بـ https://.", "Strona została otwarta bez bezpiecznego połączenia, więc podsumowania nie można bezpiecznie otworzyć. Poproś świetlicę o link zaczynający się od https://."];
    TryAgain => ["Opnieuw proberen", "Try again", "Tekrar dene", "حاول مرة أخرى", "Spróbuj ponownie"];
    ReplyTitle => ["Wat zie je thuis? Waar mogen wij op letten?", "What do you see at home? What should we pay attention to?", "Evde neler görüyorsunuz? Nelere dikkat etmemizi istersiniz?", "ماذا تلاحظ في البيت؟ وإلى ماذا تريدنا أن ننتبه؟", "Co widzisz w domu? Na co mamy zwrócić uwagę?"];
    ReplyHelp => ["Je bericht gaat alleen naar het team van de BSO, versleuteld zoals deze samenvatting.", "Your message goes only to the after-school care team, encrypted like this summary.", "Mesajınız, bu özet gibi şifrelenmiş olarak yalnızca okul sonrası bakım ekibine gider.", "تصل رسالتك إلى فريق الرعاية بعد المدرسة فقط، مشفّرة مثل هذا الملخص.", "Twoja wiadomość trafia tylko do zespołu świetlicy, zaszyfrowana jak to podsumowanie."];
    ReplyLabel => ["Je bericht aan het team", "Your message to the team", "Ekibe mesajınız", "رسالتك إلى الفريق", "Twoja wiadomość do zespołu"];
    TalkQuestion => ["Kom je naar het volgende gesprek?", "Will you come to the next talk?", "Bir sonraki görüşmeye gelecek misiniz?", "هل ستحضر اللقاء القادم؟", "Czy przyjdziesz na następną rozmowę?"];
    TalkComing => ["Ik kom", "I will come", "Geleceğim", "سأحضر", "Przyjdę"];
    TalkOtherTime => ["Liever een ander moment", "Another time would suit me better", "Başka bir zaman daha uygun olur", "أفضّل موعدًا آخر", "Wolę inny termin"];
    TalkNote => ["Toelichting (mag leeg blijven)", "A note (optional)", "Açıklama (isteğe bağlı)", "ملاحظة (اختيارية)", "Uwagi (opcjonalnie)"];
    ReplySend => ["Versturen", "Send", "Gönder", "إرسال", "Wyślij"];
    ReplySent => ["Verstuurd. Het team leest je bericht zo snel mogelijk.", "Sent. The team will read your message as soon as they can.", "Gönderildi. Ekip mesajınızı en kısa sürede okuyacak.", "تم الإرسال. سيقرأ الفريق رسالتك في أقرب وقت.", "Wysłano. Zespół przeczyta Twoją wiadomość jak najszybciej."];
    ReplyEmpty => ["Schrijf eerst iets, of kies een antwoord over het gesprek.", "Write something first, or choose an answer about the talk.", "Önce bir şey yazın veya görüşme için bir yanıt seçin.", "اكتب شيئًا أولًا، أو اختر إجابة بخصوص اللقاء.", "Najpierw coś napisz albo wybierz odpowiedź w sprawie rozmowy."];
    ReplyTooLong => ["Je bericht is te lang. Maak het wat korter.", "Your message is too long. Please make it a little shorter.", "Mesajınız çok uzun. Lütfen biraz kısaltın.", "رسالتك طويلة جدًا. يُرجى تقصيرها قليلًا.", "Wiadomość jest za długa. Skróć ją trochę."];
    ReplyOffline => ["Geen verbinding. Je bericht is nog niet verstuurd; probeer het opnieuw als je verbinding hebt.", "No connection. Your message has not been sent yet; try again when you are connected.", "Bağlantı yok. Mesajınız henüz gönderilmedi; bağlandığınızda tekrar deneyin.", "لا يوجد اتصال. لم تُرسل رسالتك بعد؛ حاول مرة أخرى عندما تكون متصلًا.", "Brak połączenia. Wiadomość nie została jeszcze wysłana; spróbuj ponownie, gdy będziesz mieć połączenie."];
    ReplyGone => ["Deze link werkt niet meer, dus je bericht kon niet worden verstuurd. Vraag de BSO gerust om een nieuwe link.", "This link no longer works, so your message could not be sent. Feel free to ask the after-school care for a new link.", "Bu bağlantı artık çalışmıyor, bu yüzden mesajınız gönderilemedi. Okul sonrası bakımdan yeni bir bağlantı isteyebilirsiniz.", "هذا الرابط لم يعد يعمل، لذلك تعذّر إرسال رسالتك. يمكنك أن تطلب رابطًا جديدًا من الرعاية بعد المدرسة.", "Ten link już nie działa, więc nie udało się wysłać wiadomości. Możesz poprosić świetlicę o nowy link."];
    ReplyNotAccepted => ["Via deze link kun je (nog) niet reageren. Vraag de BSO om de samenvatting opnieuw te delen.", "You cannot reply through this link (yet). Ask the after-school care to share the summary again.", "Bu bağlantı üzerinden (henüz) yanıt veremezsiniz. Okul sonrası bakımdan özeti yeniden paylaşmasını isteyin.", "لا يمكنك الرد عبر هذا الرابط (بعد). اطلب من الرعاية بعد المدرسة مشاركة الملخص من جديد.", "Przez ten link nie można (jeszcze) odpowiedzieć. Poproś świetlicę o ponowne udostępnienie podsumowania."];
    ReplyBroken => ["Je bericht kon niet worden verstuurd. Probeer het later opnieuw.", "Your message could not be sent. Please try again later.", "Mesajınız gönderilemedi. Lütfen daha sonra tekrar deneyin.", "تعذّر إرسال رسالتك. يُرجى المحاولة لاحقًا.", "Nie udało się wysłać wiadomości. Spróbuj później."];
    SentTitle => ["Wat je stuurde", "What you sent", "Gönderdikleriniz", "ما أرسلته", "Co wysłałeś"];
    Delivered => ["Ontvangen door het team", "Received by the team", "Ekip tarafından alındı", "استلمه الفريق", "Odebrane przez zespół"];
    NotYetDelivered => ["Verstuurd, nog niet gelezen door het team", "Sent, not yet picked up by the team", "Gönderildi, ekip henüz almadı", "تم الإرسال، ولم يستلمه الفريق بعد", "Wysłano, zespół jeszcze nie odebrał"];
    LanguageUnavailable => ["Deze taal kon nu niet worden geladen. Probeer het opnieuw als je verbinding hebt.", "This language could not be loaded just now. Try again when you are connected.", "Bu dil şu anda yüklenemedi. Bağlandığınızda tekrar deneyin.", "تعذّر تحميل هذه اللغة الآن. حاول مرة أخرى عندما تكون متصلًا.", "Nie udało się teraz wczytać tego języka. Spróbuj ponownie, gdy będziesz mieć połączenie."];
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_fetched_file_holds_its_languages_words_in_key_order() {
        for (slot, lang) in FETCHED_LANGS.into_iter().enumerate() {
            let words: Vec<String> = serde_json::from_str(&file_content(slot)).unwrap();
            assert_eq!(words.len(), COUNT, "{lang:?}");
            assert_eq!(
                words[Key::ReplySend.index()],
                FETCHED[slot][Key::ReplySend.index()]
            );
            assert!(
                words.iter().all(|w| !w.trim().is_empty()),
                "{lang:?} has a blank word"
            );
        }
        assert_eq!(
            FETCHED[fetched_slot(ParentLang::Ar).unwrap()][Key::Tips.index()],
            "نصائح للبيت"
        );
    }

    #[test]
    fn only_the_fetched_languages_have_files_named_by_content() {
        assert_eq!(Key::Tips.built_in(ParentLang::En), Some("Tips for home"));
        assert_eq!(Key::Tips.built_in(ParentLang::Tr), None);
        assert_eq!(file(ParentLang::Nl), None);
        let tr = file(ParentLang::Tr).unwrap();
        let hash = tr
            .strip_prefix("/parent-words-tr-")
            .unwrap()
            .strip_suffix(".json")
            .unwrap();
        assert_eq!(hash.len(), 16);
        assert!(hash.bytes().all(|b| b.is_ascii_hexdigit()));
        assert_eq!(file(ParentLang::Pl).unwrap(), tr.replace("-tr-", "-pl-"));
    }
}
