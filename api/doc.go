// Package api is the HTTP front door of 一线牵, on Gin: JSON routes under
// /v1, health and readiness, and the one table from engine errors to HTTP
// status codes.
package api
