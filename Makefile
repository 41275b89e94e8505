# The two commands of the README. Everything else lives in CMake.
BUILD      ?= build
BUILD_SAN  ?= build-san
JOBS       ?= $(shell nproc 2>/dev/null || echo 2)
LEERWERK   := $(BUILD)/leerwerk

.PHONY: all run test build build-san bootstrap bench clean

all: build

bootstrap:
	@scripts/bootstrap

build: bootstrap
	@cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
	@cmake --build $(BUILD) -j $(JOBS) -- --no-print-directory

build-san: bootstrap
	@cmake -S . -B $(BUILD_SAN) -DCMAKE_BUILD_TYPE=Debug -DLW_SANITIZE=ON >/dev/null
	@cmake --build $(BUILD_SAN) -j $(JOBS) -- --no-print-directory

run: build
	@$(LEERWERK) db migrate
	@$(LEERWERK) import reference
	@$(LEERWERK) summary

test: build build-san
	@echo "== tests (release build)"
	@cd $(BUILD) && ctest --output-on-failure -j $(JOBS)
	@echo "== tests (AddressSanitizer + UndefinedBehaviorSanitizer)"
	@cd $(BUILD_SAN) && ctest --output-on-failure -j $(JOBS)

bench: build
	@bench/import

clean:
	rm -rf $(BUILD) $(BUILD_SAN)
