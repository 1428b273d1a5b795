"""`scripts/add-adapter`: keeps the Dishka wiring in step with setup/spec.json.

The spec lists every adapter, the ports it implements and every use case; this
package validates it, renders the provider modules from it and checks that the
code, the spec and the generated wiring agree.
"""
