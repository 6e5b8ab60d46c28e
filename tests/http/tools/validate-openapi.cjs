// Usage: node validate-openapi.cjs URL
// Fetches an OpenAPI document over HTTP and validates it:
//  1. with @apidevtools/swagger-parser: the OpenAPI 3.0/3.1 JSON schemas of the document's
//     structure, and every $ref resolvable;
//  2. every schema in it (components/schemas, and those of parameters, headers, bodies and
//     answers) compiled as JSON Schema 2020-12 by Ajv in strict mode (OpenAPI 3.1's dialect): the
//     OpenAPI schemas accept any object where a Schema Object goes, so a misspelt type or keyword
//     ("strnig", "requried") would pass step 1 alone.
// Exit status 0 and "valid: ..." when it is valid; 1 and the problems otherwise. NODE_PATH must
// name the node_modules of install-node-tools.sh.
'use strict';
const SwaggerParser = require('@apidevtools/swagger-parser');
const Ajv2020 = require('ajv/dist/2020');

const base = 'urn:taskdeck:openapi';

function pointerPart(key) {
  return String(key).replace(/~/g, '~0').replace(/\//g, '~1');
}

// JSON pointers of every Schema Object outside other schemas.
function schemaPointers(document) {
  const pointers = [];
  for (const name of Object.keys(document.components?.schemas || {}))
    pointers.push(`/components/schemas/${pointerPart(name)}`);
  const walk = (node, pointer) => {
    if (!node || typeof node !== 'object')
      return;
    for (const [key, value] of Object.entries(node)) {
      const here = `${pointer}/${pointerPart(key)}`;
      if (key === 'schema' && value && typeof value === 'object')
        pointers.push(here);
      else if (!(pointer === '/components' && key === 'schemas'))
        walk(value, here);
    }
  };
  walk(document.paths, '/paths');
  walk({ parameters: document.components?.parameters, headers: document.components?.headers,
         responses: document.components?.responses }, '/components');
  return pointers;
}

async function main() {
  const url = process.argv[2];
  const response = await fetch(url);
  if (response.status !== 200)
    throw new Error(`GET ${url}: HTTP ${response.status}`);
  const document = await response.json();
  // validate() dereferences its argument: give it a copy.
  const api = await SwaggerParser.validate(structuredClone(document));

  const ajv = new Ajv2020({ strict: true, allowUnionTypes: true, validateFormats: false });
  for (const keyword of Object.keys(document).filter((k) => k !== '$id'))
    ajv.addKeyword({ keyword }); // the document's top level is not a schema: carry it as is
  ajv.addSchema({ $id: base, ...document });
  const pointers = schemaPointers(document);
  const problems = [];
  for (const pointer of pointers) {
    try {
      ajv.getSchema(`${base}#${pointer}`);
    } catch (error) {
      problems.push(`${pointer}: ${error.message}`);
    }
  }
  if (problems.length)
    throw new Error(`schemas that are not valid JSON Schema 2020-12:\n${problems.join('\n')}`);
  console.log(`valid: OpenAPI ${api.openapi}, ${Object.keys(api.paths).length} paths, ` +
              `${pointers.length} schemas`);
}

main().catch((error) => {
  console.error(`invalid: ${error.message}`);
  process.exit(1);
});
