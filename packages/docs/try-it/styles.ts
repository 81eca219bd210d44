/** The panel's styles: a side panel over the right of the page, and the "Try it" buttons. */
export const STYLES = `
.atlas-try-it-open{margin:0 0 12px;padding:4px 14px;border:1px solid #0044d4;border-radius:4px;background:#fff;color:#0044d4;font:600 13px sans-serif;cursor:pointer}
.atlas-try-it-open:hover{background:#0044d4;color:#fff}
.atlas-try-it{position:fixed;top:0;right:0;bottom:0;z-index:1000;width:min(520px,100vw);overflow:auto;box-sizing:border-box;padding:12px 16px 40px;background:#fff;border-left:1px solid #ccd;box-shadow:-4px 0 16px rgba(0,0,0,.15);font:13px/1.4 sans-serif;color:#222}
.atlas-try-it header{display:flex;justify-content:space-between;align-items:center;margin-bottom:8px;font-size:15px}
.atlas-try-it header button{border:0;background:none;font-size:22px;cursor:pointer}
.atlas-try-it fieldset{margin:0 0 10px;padding:8px 10px;border:1px solid #dde;border-radius:4px}
.atlas-try-it legend{font-weight:600;padding:0 4px}
.atlas-try-it label{display:block;margin:4px 0}
.atlas-try-it label>span,.atlas-try-it-field>label{display:block;font-weight:600;margin-bottom:2px}
.atlas-try-it-field{margin:4px 0}
.atlas-try-it input:not([type=radio]):not([type=checkbox]),.atlas-try-it select,.atlas-try-it textarea{width:100%;box-sizing:border-box;padding:4px 6px;border:1px solid #bbc;border-radius:3px;font:12px monospace}
.atlas-try-it .atlas-try-it-kinds label,.atlas-try-it .atlas-try-it-remember{font-weight:normal}
.atlas-try-it h3{margin:4px 0 8px;font-size:14px}
.atlas-try-it-method{padding:1px 6px;border-radius:3px;color:#fff;background:#555;font:600 12px sans-serif}
.atlas-try-it-get{background:#2f8132}.atlas-try-it-post{background:#186fa7}.atlas-try-it-patch{background:#bf581d}.atlas-try-it-delete{background:#cc3333}.atlas-try-it-put{background:#95507c}
.atlas-try-it-actions{display:flex;gap:8px;margin:10px 0}
.atlas-try-it-actions button{padding:6px 16px;border:1px solid #0044d4;border-radius:4px;background:#fff;color:#0044d4;font:600 13px sans-serif;cursor:pointer}
.atlas-try-it-actions .atlas-try-it-send{background:#0044d4;color:#fff}
.atlas-try-it-published{margin:4px 0;padding:3px 10px;border:1px solid #0044d4;border-radius:4px;background:#fff;color:#0044d4;font:12px sans-serif;cursor:pointer}
.atlas-try-it-problem{color:#b00020}
.atlas-try-it-api-error{padding:4px 8px;background:#fdecea;border-left:3px solid #cc3333}
.atlas-try-it-status{font-size:15px}
.atlas-try-it pre{overflow:auto;max-height:360px;padding:8px;background:#f6f7f9;border:1px solid #e3e4e8;border-radius:3px;font:12px/1.4 monospace;white-space:pre-wrap;word-break:break-all}
.atlas-try-it-headers{width:100%;border-collapse:collapse;font:12px monospace}
.atlas-try-it-headers th{text-align:left;padding-right:8px;vertical-align:top;white-space:nowrap}
.atlas-try-it-headers td{word-break:break-all}
`;
