# Thin wrapper over CMake: the two commands a newcomer needs are `make run` and `make test`.
DB      ?= var/hoshi.db
LISTEN  ?= 127.0.0.1:8080
JOBS    ?= $(shell nproc)
RELEASE := build/release
ASAN    := build/asan

.PHONY: all deps build build-asan run test bench fuzz clean

all: build

deps:
	@scripts/install-deps

build: deps
	@cmake -S . -B $(RELEASE) -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
	@cmake --build $(RELEASE) -j $(JOBS) -- --no-print-directory

build-asan: deps
	@cmake -S . -B $(ASAN) -DCMAKE_BUILD_TYPE=Debug -DHOSHI_SANITIZE=ON -DHOSHI_WERROR=ON >/dev/null
	@cmake --build $(ASAN) -j $(JOBS) -- --no-print-directory

run: build
	@mkdir -p $(dir $(DB))
	@if [ ! -f $(DB) ]; then $(RELEASE)/hoshi demo --db $(DB); else $(RELEASE)/hoshi demo --db $(DB) --logins; fi
	@exec $(RELEASE)/hoshi serve --db $(DB) --listen $(LISTEN)

test: build-asan
	@cd $(ASAN) && ctest --output-on-failure -j $(JOBS)

bench: build
	@for b in $(RELEASE)/bench_*; do [ -x "$$b" ] && echo "== $$b" && "$$b"; done

fuzz: deps
	@scripts/run-fuzz

clean:
	rm -rf build
