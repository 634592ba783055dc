# The two commands of the README: `make run` and `make test`.
SHELL := /bin/bash
ifneq ($(wildcard /opt/swift/usr/bin/swift),)
export PATH := /opt/swift/usr/bin:$(PATH)
endif

.PHONY: run test deps build bench

deps:
	@scripts/ensure-deps.sh

build: deps
	swift build -c release --product proxlab

run: build
	.build/release/proxlab

# Tests run against release builds: the numerical and training tests are
# dozens of times slower in debug, and the CLI tests drive the real binary.
test: deps
	swift build -c release --product proxlab
	swift test -c release --disable-xctest

bench: deps
	swift run -c release proxbench all
