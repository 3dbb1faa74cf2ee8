"""Translation memory: suggestions for the other language from the database's own bilingual texts.

- :mod:`.text`: folding, keys and sentence splitting of both languages;
- :mod:`.glossary`: the terminology (shipped with the program, corrected by headquarters);
- :mod:`.names`: names of units, gates, places and people in both languages, carried into suggestions;
- :mod:`.memory`: the memory's tables, built from every ``*_vi``/``*_zh`` pair and kept in step;
- :mod:`.suggest`: the best matches for a text, scored, with their source;
- :mod:`.terminology`: glossary terms whose standard translation is missing from the other text.

No machine translation: every suggestion is a text both sides already wrote.
"""
