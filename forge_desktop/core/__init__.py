"""The Qt-free core: schema, database, query, aggregation, import/export, command line."""
