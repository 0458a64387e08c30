# The two commands of the README:
#   make book   installs what is missing, builds tutor (release), and writes the book to output/
#   make test   runs the whole test suite (release build), then the real-browser check of the book
#
# Chapter 6 trains on the full MNIST: set TUTOR_DATA=/path/to/mnist (or run `tutor data`).

SWIFT ?= swift
TUTOR := .build/release/tutor

.PHONY: book test tutor deps browser-check benchmark clean

book: deps tutor
	$(TUTOR) build

tutor:
	$(SWIFT) build -c release --product tutor

deps:
	@scripts/install-dependencies

test:
	@scripts/install-dependencies --with-browser
	$(SWIFT) build -c release --product tutor
	$(SWIFT) test -c release
	scripts/browser-check

benchmark:
	$(SWIFT) run -c release TutorBenchmark train
	$(SWIFT) run -c release TutorBenchmark book
	$(SWIFT) run -c release TutorBenchmark fuzz

clean:
	rm -rf .build output/*.html output/images output/style.css
