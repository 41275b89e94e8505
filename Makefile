# The two commands of the README. Everything else lives in CMake.
MAKEFLAGS += --no-print-directory
BUILD      ?= build
BUILD_SAN  ?= build-san
JOBS       ?= $(shell nproc 2>/dev/null || echo 2)
LEERWERK   := $(BUILD)/leerwerk

BUILD_FUZZ ?= build-fuzz
FUZZ_SECONDS ?= 60

.PHONY: all run test build build-san bootstrap bench fuzz clean

all: build

bootstrap:
	@scripts/bootstrap

build: bootstrap
	@scripts/web-deps
	@cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
	@cmake --build $(BUILD) -j $(JOBS)

build-san: bootstrap
	@scripts/web-deps
	@cmake -S . -B $(BUILD_SAN) -DCMAKE_BUILD_TYPE=Debug -DLW_SANITIZE=ON >/dev/null
	@cmake --build $(BUILD_SAN) -j $(JOBS)

run: build
	@$(LEERWERK) db migrate
	@$(LEERWERK) import reference
	@$(LEERWERK) demo generate --scale 1 --seed 1
	@$(LEERWERK) summary
	@echo "== het portaal: open het adres hieronder in je browser; stoppen met Ctrl-C"
	@$(LEERWERK) serve

test: build build-san
	@echo "== tests (release build)"
	@cd $(BUILD) && ctest --output-on-failure -j $(JOBS)
	@echo "== tests (AddressSanitizer + UndefinedBehaviorSanitizer)"
	@cd $(BUILD_SAN) && ctest --output-on-failure -j $(JOBS)

bench: build
	@bench/import
	@bench/demo
	@bench/search
	@bench/http
	@bench/monitor

# Runs each fuzz target for FUZZ_SECONDS with libFuzzer (needs clang and
# libclang-rt-14-dev); new inputs that find new paths go into fuzz/corpus.
fuzz: bootstrap
	@CC=clang cmake -S . -B $(BUILD_FUZZ) -DCMAKE_BUILD_TYPE=RelWithDebInfo -DLW_FUZZ=ON \
		-DLW_SANITIZE=ON >/dev/null
	@cmake --build $(BUILD_FUZZ) -j $(JOBS) --target fuzz_csv fuzz_import fuzz_json
	@for t in csv import json; do \
		echo "== fuzz_$$t ($(FUZZ_SECONDS) s)"; \
		$(BUILD_FUZZ)/fuzz_$$t -max_total_time=$(FUZZ_SECONDS) -max_len=8192 \
			fuzz/corpus/$$t || exit 1; \
	done

clean:
	rm -rf $(BUILD) $(BUILD_SAN) $(BUILD_FUZZ)
