# dyad: build the library (libdyad.a), the CLI (dyad), the tools and the tests.
#   make            library + CLI + tools          (build/)
#   make test       build and run every test       (last line: N passed, N failed)
#   make SAN=1 test the same under AddressSanitizer and UBSan (build-san/)
#   make TSAN=1     ThreadSanitizer build (build-tsan/; sh .ci/tsan.sh runs the threaded tests)
#   make CC=clang   any C11 compiler works; warnings are errors.
#   make LTO=0      gcc without link-time optimisation (on by default with gcc; -O3 either way)
#   make pgo        profile-guided gcc build in build/ (trains on bench/corpus-20000.jsonl)
CC      ?= cc
PKGS    := libutf8proc libcjson libxml-2.0 sqlite3 libpq libarchive zlib libzstd
PKGS    += libmicrohttpd
PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS))
PKG_LIBS   := $(shell pkg-config --libs $(PKGS))
OPT     ?= -O3
# gcc: link-time optimisation across the library (the hot loops call small functions in other
# files: hashing, the arena, the tag tables).  LTO=0 turns it off; other compilers build without.
LTO     ?= 1
IS_GCC  := $(shell $(CC) -v 2>&1 | grep -c '^gcc version')
ifeq ($(LTO)$(IS_GCC),11)
LTO_FLAGS := -flto=auto
AR      := gcc-ar
endif
CFLAGS  ?= $(OPT) -g $(LTO_FLAGS) $(PGO_FLAGS)
WARN    := -std=c11 -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -Wno-unused-parameter
DEFS    := -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE -DDYAD_DATADIR=\"$(CURDIR)/data\"
DEFS    += -DDYAD_WEBDIR=\"$(CURDIR)/web\"
LIBS    := $(PKG_LIBS) -lbz2 -lcld2 -lstdc++ -lpthread -lm
ifneq ($(findstring clang,$(CC)),)
CXX     := clang++
endif
# x86-64: the tagging loop is also compiled for AVX2 and chosen at run time
ifeq ($(shell uname -m),x86_64)
DEFS    += -DDY_AVX2_KERNEL=1
AVX2_FLAGS := -mavx2
endif

ifeq ($(SAN),1)
B       := build-san
CFLAGS  := -O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined
LDFLAGS += -fsanitize=address,undefined
# gcc's -Wformat-truncation reads value ranges, which the sanitizers' checks widen: at
# -O1 with them it flags the bounded copies (snprintf into a code field, cut on purpose)
# that the -O2 build, gcc and clang, passes clean
ifeq ($(findstring clang,$(shell $(CC) --version 2>/dev/null | head -1)),)
CFLAGS  += -Wno-format-truncation
endif
else ifeq ($(TSAN),1)
# make TSAN=1 CC=clang: ThreadSanitizer build (build-tsan/); .ci/tsan.sh runs the threaded tests with it
B       := build-tsan
CFLAGS  := -O1 -g -fsanitize=thread -fno-omit-frame-pointer
LDFLAGS += -fsanitize=thread
else
B       := build
endif

ALL_CFLAGS := $(WARN) $(DEFS) $(CFLAGS) -Isrc $(PKG_CFLAGS)

LIB_SRC  := $(shell find src -name '*.c' | sort)
LIB_OBJ  := $(LIB_SRC:%.c=$(B)/%.o)
# C++ only where a library has no C API (src/ingest/langid.cc: CLD2)
LIB_CXX  := $(shell find src -name '*.cc' | sort)
LIB_OBJ  += $(LIB_CXX:%.cc=$(B)/%.o)
CLI_SRC  := $(wildcard cli/*.c)
CLI_OBJ  := $(CLI_SRC:%.c=$(B)/%.o)
TOOL_SRC := $(wildcard tools/*.c)
TOOLS    := $(TOOL_SRC:tools/%.c=$(B)/tools/%)
TEST_SRC := $(wildcard tests/test_*.c)
TESTS    := $(TEST_SRC:tests/%.c=$(B)/tests/%)

.PHONY: all test clean tagger-accuracy install uninstall parser-accuracy parser-model pgo
all: $(B)/dyad $(TOOLS)

$(B)/%.o: %.c
	@mkdir -p $(dir $@)
	@echo "  CC $<"; $(CC) $(ALL_CFLAGS) -MMD -MP -c $< -o $@

$(B)/%.o: %.cc
	@mkdir -p $(dir $@)
	@echo "  CXX $<"; $(CXX) -std=c++17 -Wall -Wextra -Werror -Wno-unused-parameter $(DEFS) $(CFLAGS) -Isrc -MMD -MP -c $< -o $@

$(B)/src/tag/tagger_avx2.o: src/tag/tagger_avx2.c
	@mkdir -p $(dir $@)
	@echo "  CC $< (AVX2)"; $(CC) $(ALL_CFLAGS) $(AVX2_FLAGS) -MMD -MP -c $< -o $@

$(B)/libdyad.a: $(LIB_OBJ)
	@rm -f $@
	$(AR) rcs $@ $^

$(B)/dyad: $(CLI_OBJ) $(B)/libdyad.a
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $(CLI_OBJ) $(B)/libdyad.a $(LIBS)

$(B)/tools/%: $(B)/tools/%.o $(B)/libdyad.a
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $< $(B)/libdyad.a $(LIBS)

$(B)/tests/%: $(B)/tests/%.o $(B)/libdyad.a
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $< $(B)/libdyad.a $(LIBS)

test: all $(TESTS)
	@sh tests/run.sh $(B)

tagger-accuracy: $(B)/tools/train-tagger
	$(B)/tools/train-tagger --eval data/tagger/ewt.model ../shared/ud-ewt/en_ewt-ud-test.conllu

# UAS and LAS of the dependency parser on UD EWT test (treebank tokens, dyad's tags)
parser-accuracy: $(B)/tools/train-parser
	$(B)/tools/train-parser --eval data/parser/ewt.model ../shared/ud-ewt/en_ewt-ud-test.conllu

# Retrain data/parser/ewt.model (see data/parser/README.md): 10 jackknife taggers, then the parser.
# The more accurate models of the README (not shipped: they change trees tests/cases rely on):
#   make parser-model PARSER_OPTS="--runs 5"                      (train, best epoch on dev)
#   make parser-model PARSER_TRAINDEV=1 PARSER_OPTS="--runs 5"    (train + dev, 12 epochs; dev
#     sentences tagged by the fold taggers too, none of which saw them)
#   make parser-model PARSER_CLUSTERS=1                            (with data/parser/clusters.txt)
#   make parser-model PARSER_TRAINDEV=1 PARSER_CLUSTERS=1 PARSER_OPTS="--runs 5 --rich --beam 16 --beam-epochs 16 --beam-runs 3 --prune 8"
#     (beam search: UAS 0.865 / LAS 0.831 on EWT test, 20x slower parsing, 105 MB; 15 min)
EWT := ../shared/ud-ewt
PARSER_OPTS ?=
PARSER_TRAINDEV ?= 0
PARSER_CLUSTERS ?= 0
PM_CLUST = $(if $(filter 1,$(PARSER_CLUSTERS)),--clusters data/parser/clusters.txt)
# train+dev has no dev set left to choose the best epoch on
PM_TRAIN = $(if $(filter 1,$(PARSER_TRAINDEV)),$(B)/parser-folds/train-dev.conllu,$(EWT)/en_ewt-ud-train.conllu)
PM_DEV   = $(if $(filter 1,$(PARSER_TRAINDEV)),,--dev $(EWT)/en_ewt-ud-dev.conllu)
parser-model: $(B)/tools/train-parser $(B)/tools/train-tagger
	@mkdir -p $(B)/parser-folds
	for k in 0 1 2 3 4 5 6 7 8 9; do \
	  awk -v K=$$k 'BEGIN{RS="";ORS="\n\n"} (NR-1)%10!=K' $(EWT)/en_ewt-ud-train.conllu > $(B)/parser-folds/train-$$k.conllu && \
	  $(B)/tools/train-tagger --train $(B)/parser-folds/train-$$k.conllu --dev $(EWT)/en_ewt-ud-dev.conllu \
	    --out $(B)/parser-folds/tagger-$$k.model 2>/dev/null || exit 1; done
	$(if $(filter 1,$(PARSER_TRAINDEV)),cat $(EWT)/en_ewt-ud-train.conllu $(EWT)/en_ewt-ud-dev.conllu > $(B)/parser-folds/train-dev.conllu)
	$(B)/tools/train-parser --train $(PM_TRAIN) $(PM_DEV) \
	  --fold-taggers $(B)/parser-folds/tagger --epochs 12 --prune 150 $(PM_CLUST) $(PARSER_OPTS) --out data/parser/ewt.model

# make pgo (gcc): a profile-guided build in build/.  An instrumented dyad codes PGO_TRAIN (default:
# bench/corpus-20000.jsonl, made by bench/make-corpus.py from ../shared; without it the examples),
# then everything is rebuilt with the profile (build/pgo-data).  Output is the same as a plain build.
PGO_TRAIN ?= bench/corpus-20000.jsonl
PGO_DATA  := $(CURDIR)/build/pgo-data
pgo:
	@[ "$(IS_GCC)" = 1 ] || { echo "make pgo: needs gcc (CC=$(CC))"; exit 1; }
	rm -rf build
	$(MAKE) build/dyad PGO_FLAGS="-fprofile-generate=$(PGO_DATA) -fprofile-update=prefer-atomic"
	@if [ ! -f "$(PGO_TRAIN)" ] && [ "$(PGO_TRAIN)" = bench/corpus-20000.jsonl ] && [ -d ../shared ]; then \
	  python3 bench/make-corpus.py 20000 > $(PGO_TRAIN) || rm -f $(PGO_TRAIN); fi
	if [ -f "$(PGO_TRAIN)" ]; then build/dyad code -j 1 $(PGO_TRAIN) > /dev/null; \
	else for f in examples/*.txt; do build/dyad code -j 1 $$f > /dev/null; done; fi
	find build -name '*.o' -delete; rm -f build/libdyad.a build/dyad
	$(MAKE) all PGO_FLAGS="-fprofile-use=$(PGO_DATA) -fprofile-partial-training -Wno-missing-profile"

clean:
	rm -rf build build-san build-tsan

-include $(shell find $(B) -name '*.d' 2>/dev/null)

# Regenerate data/places/cities.tsv, admin1.tsv and countries.tsv from Debian's GeoNames data (CC BY 4.0):
#   apt-get install -y libgeonames-dev libcjson-dev iso-codes ruby-countries && make gazetteer
.PHONY: gazetteer
gazetteer:
	@mkdir -p $(B)
	$(CC) $(WARN) $(DEFS) -O2 -o $(B)/gen-gazetteer tools/gazetteer/gen-gazetteer.c $$(pkg-config --cflags --libs geonames libcjson)
	$(B)/gen-gazetteer --out data/places

# make install PREFIX=/usr/local DESTDIR=/tmp/stage: the binary, the data
# (PREFIX/share/dyad, found next to the executable at run time) and dyad(1).
PREFIX  ?= /usr/local
BINDIR  := $(DESTDIR)$(PREFIX)/bin
SHAREDIR := $(DESTDIR)$(PREFIX)/share/dyad
MANDIR  := $(DESTDIR)$(PREFIX)/share/man/man1
install: $(B)/dyad
	install -d $(BINDIR) $(SHAREDIR) $(MANDIR)
	install -m 755 $(B)/dyad $(BINDIR)/dyad
	cd data && find . -type d -exec install -d $(SHAREDIR)/{} \; && find . -type f -exec install -m 644 {} $(SHAREDIR)/{} \;
	install -m 644 doc/dyad.1 $(MANDIR)/dyad.1
	cd web && find . -type d -exec install -d $(SHAREDIR)/web/{} \; && find . -type f -exec install -m 644 {} $(SHAREDIR)/web/{} \;
uninstall:
	rm -f $(BINDIR)/dyad $(MANDIR)/dyad.1
	rm -rf $(SHAREDIR)
