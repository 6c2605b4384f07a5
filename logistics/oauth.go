package logistics

import (
	"context"
	"errors"

	"github.com/flexport-go/flexport/auth"
	"github.com/flexport-go/flexport/internal/clientutil"
)

// AuthorizeURL returns the URL of the AuthorizationRedirect operation
// (GET /oauth/authorize) to send a merchant to, for app (a partner
// application's ClientID, Scopes and optional RedirectURI and AuthFlow).
// state comes back with the code; use it to defeat cross-site request
// forgery. When app.BaseURL is empty the URL is on c's base URL. It makes no
// request; see auth.LogisticsOAuth.AuthorizeURL.
//
// Any Client can build the URL and exchange the code; to do so before you
// have any token, use auth.LogisticsOAuth directly.
func (s *OAuthService) AuthorizeURL(app *auth.LogisticsOAuth, state string) (string, error) {
	a, err := s.app(app)
	if err != nil {
		return "", err
	}
	return a.AuthorizeURL(state)
}

// Exchange calls the TokenExchange operation (POST /oauth/token): it trades
// the authorization code Flexport sent to app.RedirectURI for a token that
// never expires. Pass the token to WithToken, or its TokenSource() to
// WithTokenSource, to act for that merchant.
//
// The exchange sends no bearer token, follows no redirects and is not
// retried (a code is single-use); it goes to c's base URL unless
// app.BaseURL is set, through the transport of WithHTTPClient. A rejection
// is an *auth.LogisticsOAuthError, matching its six-digit code with
// errors.Is (auth.LogisticsInvalidCode, ...).
func (s *OAuthService) Exchange(ctx context.Context, app *auth.LogisticsOAuth, code string) (*auth.LogisticsToken, error) {
	a, err := s.app(app)
	if err != nil {
		return nil, err
	}
	return a.Exchange(ctx, code)
}

// app returns a copy of app aimed at the client's base URL and transport
// where app leaves them unset.
func (s *OAuthService) app(app *auth.LogisticsOAuth) (*auth.LogisticsOAuth, error) {
	if app == nil {
		return nil, clientutil.Invalid(apiID, "OAuth", errors.New("nil *auth.LogisticsOAuth"))
	}
	a := *app
	if a.BaseURL == "" {
		a.BaseURL = s.c.base.String() + apiRoot
	}
	if a.HTTPClient == nil {
		a.HTTPClient = s.c.oauthHTTP
	}
	return &a, nil
}
