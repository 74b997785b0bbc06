// Redacts columns in every result (e.g. personal data for an analytics client).
// proxy.json: { "script": "scripts/redact.js", "settings": { "columns": ["ssn", "email"], "mask": "***" } }
const columns = settings.columns || [];
const mask = settings.mask === undefined ? '***' : settings.mask;

function onResponse(exchange) {
  const response = exchange.response;
  if (response.isError || response.rowCount === 0) return;
  const present = response.columns.filter(c => columns.indexOf(c) >= 0);
  for (let row = 0; row < response.rowCount; row++) {
    for (const column of present) {
      if (response.getCell(row, column) !== null) response.setCell(row, column, mask);
    }
  }
}
