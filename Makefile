# The two commands of the README: `make run` and `make test`.
SHELL := /bin/bash
ifneq ($(wildcard /opt/swift/usr/bin/swift),)
export PATH := /opt/swift/usr/bin:$(PATH)
endif

.PHONY: run test test-torch deps build bench

deps:
	@scripts/ensure-deps.sh

build: deps
	swift build -c release --product proxlab

run: build
	.build/release/proxlab

# Tests run against release builds: the numerical and training tests are
# dozens of times slower in debug, and the CLI tests drive the real binary.
# The PyTorch export tests run when a Python with torch is at hand
# ($PROXLAB_TORCH_PYTHON, else python3); otherwise one line says they were skipped.
test: deps
	swift build -c release --product proxlab
	@scripts/torch-python.sh --note
	swift test -c release --disable-xctest

# The export tests in a virtual environment of their own (made once, in
# .venv-torch; $PROXLAB_TORCH_PYTHON, when set, is used instead), with the
# long ones: a torchrun of two processes on Fashion-MNIST.
TORCH_VENV := .venv-torch
test-torch: deps
	swift build -c release --product proxlab
	PROXLAB_TORCH_PYTHON="$${PROXLAB_TORCH_PYTHON:-$$(scripts/torch-venv.sh $(TORCH_VENV))}" PROXLAB_TORCH_LONG=1 \
		swift test -c release --disable-xctest --filter ProxExportTests

bench: deps
	swift run -c release proxbench all
