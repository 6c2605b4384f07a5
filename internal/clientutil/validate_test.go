package clientutil_test

import (
	"errors"
	"testing"

	"github.com/flexport-go/flexport/internal/apierr"
	"github.com/flexport-go/flexport/internal/clientutil"
	"github.com/flexport-go/flexport/internal/jsonx"
)

type body struct{ Name *string }

func (b body) Validate() error {
	if b.Name == nil {
		return jsonx.MissingField("name")
	}
	return nil
}

func TestValidate(t *testing.T) {
	name := "x"
	tests := []struct {
		name     string
		validate func() error
		wantErr  string
	}{
		{"missing", func() error { return clientutil.ValidateBody(apierr.Core, "Things.Create", &body{}) }, "core: Things.Create: missing required field name"},
		{"complete", func() error { return clientutil.ValidateBody(apierr.Core, "Things.Create", &body{Name: &name}) }, ""},
		// no required fields: no Validate method
		{"no Validate", func() error { return clientutil.ValidateBody(apierr.Core, "Things.Create", &struct{}{}) }, ""},
		{"nil without Validate", func() error { return clientutil.ValidateBody[struct{}](apierr.Core, "Things.Create", nil) }, ""},
	}
	for _, tt := range tests {
		err := tt.validate()
		if tt.wantErr == "" {
			if err != nil {
				t.Errorf("%s: ValidateBody = %v, want nil", tt.name, err)
			}
			continue
		}
		var missing *jsonx.MissingFieldError
		if err == nil || err.Error() != tt.wantErr || !errors.As(err, &missing) || missing.Field != "name" {
			t.Errorf("%s: ValidateBody = %v, want %q wrapping a *jsonx.MissingFieldError", tt.name, err, tt.wantErr)
		}
	}
}
