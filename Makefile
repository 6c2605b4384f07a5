# flexport-go: spec pipeline, tests and lint.
#
#   make pull        download each pinned upstream document into openapi/upstream/ and check its sha256
#   make pin         accept the current upstream bytes: rewrite openapi/pins.json
#   make generate    curate the pulled documents (normalise + overlay, once each) and generate gen/ (and the fakes' structural documents) from them
#   make regenerate  pull + generate (CI checks that gen/ does not change)
#   make drift       report how upstream differs from the pin and whether our curation still applies
#   make test        run every test with the race detector (the SDK module without go.work, as users
#                    build it, beside the scripts module), and each fuzz target for FUZZTIME inputs
#   make lint        gofmt, go vet, staticcheck, actionlint
#   make bench       benchmarks of the performance targets, reported as ratios
#
# FLEXPORT_SPEC_MIRROR=dir reads dir/core-v2.yaml and dir/logistics-2023-10.json
# instead of the URLs in openapi/pins.json (CI sets it to ../shared/upstream).

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c

GO           ?= go
PINS         ?= openapi/pins.json
UPSTREAM_DIR ?= openapi/upstream
BUILD_DIR    ?= openapi/build
# A count of inputs per fuzz target (about 2-10 s each here), not a duration:
# before Go 1.27, a -fuzztime duration can fail a target that found nothing
# with "context deadline exceeded" (a race in the fuzzing coordinator,
# golang/go#75804); a count never starts that deadline.
FUZZTIME     ?= 20000x
# The root module and the scripts module (drift tooling, Go 1.26), joined by go.work.
PKGS         := ./... ./scripts/...
# Extra flags for go test (CI adds -short on the oldest Go, for example).
TESTFLAGS    ?=

# The structural copies of the curated documents the fakes embed (build output, like gen/).
CORE_FAKE_SPEC      := core/coretest/internal/spec/core-v2.json
LOGISTICS_FAKE_SPEC := logistics/logisticstest/internal/spec/logistics-2023-10.json

SPECPIPE := $(GO) run ./internal/cmd/specpipe
# The generator pinned in go.mod through tools.go; never a global binary.
OAPI     := $(GO) run github.com/oapi-codegen/oapi-codegen/v2/cmd/oapi-codegen
STATICCHECK := $(GO) run honnef.co/go/tools/cmd/staticcheck@v0.8.2
ACTIONLINT  := $(GO) run github.com/rhysd/actionlint/cmd/actionlint@v1.7.12

MIRROR_FLAG := $(if $(FLEXPORT_SPEC_MIRROR),-mirror $(FLEXPORT_SPEC_MIRROR),)

.PHONY: help pull pin generate regenerate drift test test-sdk test-scripts fuzz lint bench

help:
	@sed -n 's/^#   //p' Makefile

pull:
	@echo "==> pull: fetching pinned documents into $(UPSTREAM_DIR)/ $(if $(FLEXPORT_SPEC_MIRROR),from mirror $(FLEXPORT_SPEC_MIRROR),from their URLs)"
	@$(SPECPIPE) pull -pins $(PINS) -dir $(UPSTREAM_DIR) $(MIRROR_FLAG)

pin:
	@echo "==> pin: accepting current upstream bytes into $(PINS)"
	@$(SPECPIPE) pin -pins $(PINS) -dir $(UPSTREAM_DIR) $(MIRROR_FLAG)

generate:
	@for f in core-v2.yaml logistics-2023-10.json; do \
	  test -f $(UPSTREAM_DIR)/$$f || { echo "generate: $(UPSTREAM_DIR)/$$f is missing: run 'make pull' first" >&2; exit 1; }; \
	done
	@echo "==> generate: curating core-v2 (internal/specpipe: normaliser + openapi/core/overlay.yaml, once) and its structural copy for coretest"
	@$(SPECPIPE) curate -doc core-v2 -in $(UPSTREAM_DIR)/core-v2.yaml -overlay openapi/core/overlay.yaml -out $(BUILD_DIR)/core-v2.yaml -structural $(CORE_FAKE_SPEC)
	@echo "==> generate: curating logistics-2023-10 (internal/specpipe: normaliser + openapi/logistics/overlay.yaml, once) and its structural copy for logisticstest"
	@$(SPECPIPE) curate -doc logistics-2023-10 -in $(UPSTREAM_DIR)/logistics-2023-10.json -overlay openapi/logistics/overlay.yaml -out $(BUILD_DIR)/logistics-2023-10.yaml -structural $(LOGISTICS_FAKE_SPEC)
	@rm -f gen/coreapi/*.gen.go gen/logisticsapi/*.gen.go
	@mkdir -p gen/coreapi gen/logisticsapi
	@for cfg in openapi/core/*.cfg.yaml; do \
	  echo "==> generate: curated core-v2 with $$cfg"; \
	  $(OAPI) -config $$cfg $(BUILD_DIR)/core-v2.yaml || { echo "generate: core-v2 failed with $$cfg" >&2; exit 1; }; \
	done
	@for cfg in openapi/logistics/*.cfg.yaml; do \
	  echo "==> generate: curated logistics-2023-10 with $$cfg"; \
	  $(OAPI) -config $$cfg $(BUILD_DIR)/logistics-2023-10.yaml || { echo "generate: logistics-2023-10 failed with $$cfg" >&2; exit 1; }; \
	done
	@echo "==> generate: service layers of core/ and logistics/ from the curated documents (internal/cmd/svcgen)"
	@$(GO) run ./internal/cmd/svcgen -services openapi/core/services.yaml -spec $(BUILD_DIR)/core-v2.yaml -config openapi/core/models.cfg.yaml -pkg core -out core/services.gen.go
	@$(GO) run ./internal/cmd/svcgen -services openapi/logistics/services.yaml -spec $(BUILD_DIR)/logistics-2023-10.yaml -config openapi/logistics/models.cfg.yaml -pkg logistics -out logistics/services.gen.go
	@echo "==> generate: re-exporting the model types the services and webhooks reach from core/ and logistics/ (internal/cmd/reexport)"
	@$(GO) run ./internal/cmd/reexport -from gen/coreapi/models.gen.go -import github.com/flexport-go/flexport/gen/coreapi -pkg core -out core/models.gen.go -uses core/webhook
	@$(GO) run ./internal/cmd/reexport -from gen/logisticsapi/models.gen.go -import github.com/flexport-go/flexport/gen/logisticsapi -pkg logistics -out logistics/models.gen.go -uses logistics/webhook
	@$(GO) build ./gen/... ./core/... ./logistics/... || { echo "generate: the generated code does not compile" >&2; exit 1; }
	@echo "==> generate: done"

regenerate: pull generate

drift:
	@echo "==> drift: comparing upstream with $(PINS)"
	@$(GO) run ./scripts/drift -pins $(PINS) -pinned-dir $(UPSTREAM_DIR) $(MIRROR_FLAG)

# The two modules' tests run side by side (their longest packages are in
# different modules), each module's output printed whole when it is done;
# then the fuzz targets.
test:
	@$(MAKE) --no-print-directory -j2 --output-sync=target test-sdk test-scripts
	@$(MAKE) --no-print-directory fuzz

# The SDK module alone (GOWORK=off): the dependency versions its go.mod
# selects, which are what users get.
test-sdk:
	@echo "==> test: the SDK module (GOWORK=off): go test -race ./..."
	GOWORK=off $(GO) test -race -count=1 $(TESTFLAGS) ./...

test-scripts:
	@echo "==> test: the scripts module (go.work): go test -race ./scripts/..."
	$(GO) test -race -count=1 $(TESTFLAGS) ./scripts/...

# Each fuzz target runs for FUZZTIME (see above); `go test -fuzz` takes one target at a
# time, so FUZZJOBS targets run side by side with one fuzz worker each (the
# same fuzzing work as one target at a time on every core, in less wall
# time). Targets are found in the test files, without building test
# binaries; each target's output is printed whole when it ends.
FUZZJOBS ?= 2
fuzz:
	@echo "==> fuzz: every Fuzz target, -fuzztime $(FUZZTIME), $(FUZZJOBS) at a time"
	@$(GO) list -f '{{.ImportPath}} {{.Dir}}' $(PKGS) | while read -r pkg dir; do \
	  for fn in $$(cat "$$dir"/*_test.go 2>/dev/null | sed -n 's/^func \(Fuzz[A-Za-z0-9_]*\)(.*/\1/p'); do \
	    echo "$$pkg $$fn"; \
	  done; \
	done | xargs -P $(FUZZJOBS) -L 1 sh -c \
	  'out=$$($(GO) test -run "^$$" -fuzz "^$$1$$" -fuzztime $(FUZZTIME) -parallel 1 "$$0" 2>&1); rc=$$?; printf -- "--- %s %s\n%s\n" "$$0" "$$1" "$$out"; exit $$rc'

lint:
	@echo "==> lint: gofmt (handwritten code)"
	@out=$$(gofmt -l $$(git ls-files '*.go' | grep -v '^gen/')); if [ -n "$$out" ]; then echo "gofmt needed:"; echo "$$out"; exit 1; fi
	@echo "==> lint: go vet"
	@$(GO) vet $(PKGS)
	@echo "==> lint: staticcheck"
	@$(STATICCHECK) $(PKGS)
	@echo "==> lint: actionlint"
	@if ls .github/workflows/*.yml >/dev/null 2>&1; then $(ACTIONLINT) .github/workflows/*.yml; fi

bench:
	@echo "==> bench: the SDK's layers: Shipments.Get of a tiny shipment against the generated client (core/generated <= 1.08, extra-allocs/op <= 4)"
	$(GO) test -run '^$$' -bench 'BenchmarkGet$$' -benchtime 5000x ./core/
	@echo "==> bench: listing 100 pages, sequential/prefetch with WithPrefetch(8) (>= 0.95 at 0 ms latency, >= 5 at 20 ms)"
	$(GO) test -run '^$$' -bench 'BenchmarkListPrefetch$$' -benchtime 3s ./core/
	@echo "==> bench: decoding the largest recorded page and shipment: SDK models vs encoding/json into the same structs without methods"
	$(GO) test -run '^$$' -bench 'BenchmarkDecode$$' -benchtime 300x ./core/
	@echo "==> bench: the fake Core API's throughput of simple GETs, 8 concurrent clients (target fake-req/s >= 5000 on 2 cores), against a bare net/http server sending the same bytes"
	$(GO) test -run '^$$' -bench 'BenchmarkGetThroughput$$' -benchtime 300x ./core/coretest/
