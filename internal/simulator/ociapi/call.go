package ociapi

import (
	"net/http"
	"net/url"
	"strconv"
)

// call is one API request on its way through an operation's handler.
type call struct {
	s     *Server
	op    string
	w     http.ResponseWriter
	r     *http.Request
	query url.Values
}

// param returns a query parameter, or "" when absent.
func (c *call) param(name string) string { return c.query.Get(name) }

// params returns every value of a multi-valued query parameter.
func (c *call) params(name string) []string { return c.query[name] }

// requiredParam returns a query parameter the operation cannot do without.
func (c *call) requiredParam(name string) (string, error) {
	v := c.query.Get(name)
	if v == "" {
		return "", errMissingParameter(name)
	}
	return v, nil
}

// boolParam returns a boolean query parameter; absent is false.
func (c *call) boolParam(name string) (bool, error) {
	v := c.query.Get(name)
	if v == "" {
		return false, nil
	}
	b, err := strconv.ParseBool(v)
	if err != nil {
		return false, errInvalidParameter("Invalid " + name + ": " + strconv.Quote(v) + " is not true or false.")
	}
	return b, nil
}

// enumParam returns a query parameter that must be one of allowed (case
// insensitive, answered in the API's spelling), or "" when absent.
func enumParam[E ~string](c *call, name string, lookup func(string) (E, bool)) (string, error) {
	v := c.query.Get(name)
	if v == "" {
		return "", nil
	}
	e, ok := lookup(v)
	if !ok {
		return "", errInvalidParameter("Invalid " + name + ": " + strconv.Quote(v) + ".")
	}
	return string(e), nil
}

// enumParams is enumParam for a multi-valued parameter; the result is a
// set, nil when the parameter is absent.
func enumParams[E ~string](c *call, name string, lookup func(string) (E, bool)) (map[string]bool, error) {
	values := c.query[name]
	if len(values) == 0 {
		return nil, nil
	}
	set := make(map[string]bool, len(values))
	for _, v := range values {
		e, ok := lookup(v)
		if !ok {
			return nil, errInvalidParameter("Invalid " + name + ": " + strconv.Quote(v) + ".")
		}
		set[string(e)] = true
	}
	return set, nil
}

// reply answers 200 with body.
func (c *call) reply(body any) error {
	writeJSON(c.w, http.StatusOK, body)
	return nil
}
