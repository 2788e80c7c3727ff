"""The words of quotes: lemmas of the speech verbs and the word lists and limits the rules use."""

from __future__ import annotations

# Lemmas (ё as е) of the verbs that attribute speech, both aspects: «заявил», «сообщает», «уверен».
_SPEECH = """
    сказать говорить заявить заявлять отметить отмечать подчеркнуть подчеркивать добавить добавлять
    сообщить сообщать пояснить пояснять признать признавать рассказать рассказывать заметить замечать
    написать писать утверждать считать полагать передать передавать цитировать процитировать ответить
    отвечать уточнить уточнять объявить объявлять предупредить предупреждать пообещать обещать заверить
    заверять напомнить напоминать указать указывать констатировать призвать призывать резюмировать
    подытожить заключить признаться пожаловаться жаловаться возразить возражать настаивать спросить
    спрашивать поинтересоваться прокомментировать комментировать пересказать подтвердить подтверждать
    опровергнуть уверять объяснить объяснять продолжить посетовать сетовать пригрозить отчитаться
    анонсировать уверенный убежденный
"""
SPEECH_VERBS = frozenset(_SPEECH.split())
# «говорится в сообщении», «отмечается, что»: the speaker, if any, is the place named after «в».
_PASSIVE = "говориться сообщаться отмечаться указываться подчеркиваться утверждаться заявляться уточняться"
PASSIVE_VERBS = frozenset([*_PASSIVE.split(), "передаваться", "цитироваться"])
# «по словам X», «по данным X»: the phrase is kept as the quote's verb.
ACCORDING_NOUNS = frozenset(
    ("слово", "мнение", "данные", "информация", "сообщение", "оценка", "утверждение", "версия", "заявление")
)
CUES = SPEECH_VERBS | PASSIVE_VERBS | ACCORDING_NOUNS
THAT = frozenset({"что", "будто", "якобы"})
# «В частности, по её мнению, …»: words before «по словам X» that are not part of what X said.
INTRODUCTORY = frozenset(
    {"в частности", "кроме того", "при этом", "в свою очередь", "между тем", "таким образом"}
)
DASHES = frozenset("—–-")
QUOTE_MARKS = frozenset('«»"“”„')
NP_POS = frozenset({"NOUN", "PROPN", "ADJ", "DET", "NUM", "X"})
HEAD_POS = frozenset({"NOUN", "PROPN", "X"})
PERSONAL = frozenset({"он", "она", "они", "я", "мы", "вы", "ты"})
RELATIVE = frozenset({"который", "кто"})
NOT_SPEAKERS = frozenset({"что", "это", "то", "все", "всё"})
SENTENCE_END = frozenset(".!?…;")
ATTRIBUTION_STOPS = frozenset(",.;:!?…—–") | QUOTE_MARKS
MAX_ATTRIBUTION = 6  # tokens between a dash and its speech verb: «— также отметил», «— Макрон сказал»
# «он сказал», «по его словам»: the gender of the person a pronoun speaker stands for.
PRONOUN_GENDER = {"он": "Masc", "его": "Masc", "она": "Fem", "ее": "Fem"}
