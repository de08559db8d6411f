/**
 * The API reference page: self-contained (no CDN, works offline), it reads the OpenAPI document
 * and lists every operation with its parameters, body and responses.
 */
export function docsPage(openApiUrl: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>PetPro API reference</title>
<style>
body{font:15px/1.5 system-ui,sans-serif;margin:0;color:#1d2433;background:#f7f8fa}
header{background:#0f766e;color:#fff;padding:16px 24px}header h1{margin:0;font-size:22px}
main{max-width:1000px;margin:0 auto;padding:16px 24px}
section.op{background:#fff;border:1px solid #dfe3ea;border-radius:8px;margin:12px 0;padding:12px 16px}
.m{display:inline-block;min-width:64px;font-weight:700;font-family:monospace}
.GET{color:#1d4ed8}.POST{color:#15803d}.PATCH{color:#b45309}.PUT{color:#7c3aed}.DELETE{color:#b91c1c}
code,pre{font-family:ui-monospace,monospace;font-size:13px}pre{background:#f1f5f9;padding:8px;overflow:auto;border-radius:6px}
h2{margin-top:28px;text-transform:capitalize}.lock{font-size:12px;color:#64748b}
</style></head>
<body><header><h1>PetPro API</h1><div id="desc"></div></header><main id="main">Loading…</main>
<script>
fetch(${JSON.stringify(openApiUrl)}).then(r=>r.json()).then(doc=>{
  const esc=s=>String(s).replace(/[&<>"]/g,c=>({'&':'&amp;','<':'&lt;','>':'&gt;','"':'&quot;'}[c]));
  document.getElementById('desc').textContent=doc.info.description;
  const byTag={};
  for(const [path,ops] of Object.entries(doc.paths))for(const [method,op] of Object.entries(ops))(byTag[op.tags[0]]??=[]).push({path,method:method.toUpperCase(),op});
  let html='';
  for(const tag of doc.tags){
    html+='<h2>'+esc(tag.name)+'</h2><p>'+esc(tag.description)+'</p>';
    for(const {path,method,op} of byTag[tag.name]??[]){
      html+='<section class="op" id="'+esc(op.operationId)+'"><div><span class="m '+method+'">'+method+'</span> <code>'+esc(path)+'</code> '+(op.security.length?'<span class="lock">🔒 bearer token</span>':'<span class="lock">public</span>')+'</div><p>'+esc(op.summary)+'</p>';
      const params=op.parameters.filter(p=>p.in!=='header'||p.name!=='Accept-Language');
      if(params.length)html+='<b>Parameters</b><ul>'+params.map(p=>'<li><code>'+esc(p.name)+'</code> ('+esc(p.in)+(p.required?', required':'')+')</li>').join('')+'</ul>';
      if(op.requestBody)html+='<details><summary>Request body</summary><pre>'+esc(JSON.stringify(op.requestBody.content['application/json'].schema,null,2))+'</pre></details>';
      html+='<b>Responses</b><ul>'+Object.entries(op.responses).map(([s,r])=>'<li><code>'+s+'</code> '+esc(r.description)+'</li>').join('')+'</ul></section>';
    }
  }
  document.getElementById('main').innerHTML=html;
}).catch(e=>{document.getElementById('main').textContent='Could not load the API document: '+e});
</script></body></html>`;
}
