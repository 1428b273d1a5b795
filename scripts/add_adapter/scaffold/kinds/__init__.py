"""One folder per kind of adapter (`scripts/add-adapter KIND`): its builder
(`builder.py`, turning a request into an `Addition`), its helper modules and its
templates (`templates/`). What several kinds share lives in `shared/`: ports
read and written, the fixed-port kinds (cache, message publisher, file storage),
the table-backed kinds (data mapper, reader) and the template partials; the
entity and table every table-backed kind starts from are the `model/` kind's."""
