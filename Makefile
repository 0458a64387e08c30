# The two commands of the README:
#   make book   installs what is missing, builds tutor (release), and writes the book to output/
#   make test   runs the whole test suite (release build), then the real-browser check of the book
#
# Chapter 6 trains on the full MNIST: set TUTOR_DATA=/path/to/mnist (or run `tutor data`).

SWIFT ?= swift
# Release, because training in a debug build is 10-50x slower. `-enable-testing` lets the tests
# see internal declarations; `make book` uses the same flags so the two share one build.
BUILD_FLAGS := -c release -Xswiftc -enable-testing
TUTOR := .build/release/tutor

.PHONY: book test tutor deps benchmark clean

# `tutor data` fetches the full MNIST when it is missing and a network is there; without it the
# book still builds chapters 1-5, and chapter 6 says where to put the files.
book: deps tutor
	-@$(TUTOR) data
	$(TUTOR) build

tutor:
	$(SWIFT) build $(BUILD_FLAGS) --product tutor

deps:
	@scripts/install-dependencies

test:
	@scripts/install-dependencies --with-browser
	$(SWIFT) build $(BUILD_FLAGS) --build-tests
	$(SWIFT) test $(BUILD_FLAGS) --skip-build
	scripts/browser-check

benchmark:
	$(SWIFT) run $(BUILD_FLAGS) TutorBenchmark train
	$(SWIFT) run $(BUILD_FLAGS) TutorBenchmark book
	$(SWIFT) run $(BUILD_FLAGS) TutorBenchmark fuzz

clean:
	rm -rf output/*.html output/images output/style.css output/.cache
