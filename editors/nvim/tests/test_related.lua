-- :GlossRelated (gloss.related through vim.ui.select), the "Related: …"
-- lenses on a note's headings and their client-side command, and the
-- search mode line of :checkhealth gloss.
local H = dofile(vim.fn.fnamemodify(debug.getinfo(1, 'S').source:sub(2), ':p:h') .. '/helpers.lua')
H.copy_workspace()

local guide = H.path('guides/STORAGE_ENGINES.md')

--- Stub vim.ui.select: record the items and pick the first one.
local function stub_select()
  local rec = {}
  vim.ui.select = function(items, opts, on_choice)
    rec.items = items
    rec.prompt = opts.prompt
    rec.formatted = vim.tbl_map(opts.format_item or tostring, items)
    rec.choice = items[1]
    return on_choice(items[1])
  end
  return rec
end

H.test(':GlossRelated lists related Q&As and jumps to the chosen one', function()
  local buf = H.open('notes/lsm-notes.md')
  vim.api.nvim_set_current_buf(buf)
  H.cursor_on(buf, 'Write amplification was')
  local rec = stub_select()
  H.wait(function()
    rec.items = nil
    vim.cmd('GlossRelated')
    return vim.wait(3000, function()
      return rec.items ~= nil and H.current_file() == guide
    end, 50)
  end, ':GlossRelated jumps into the guide')
  H.truthy(#rec.items > 0, 'no related items')
  H.contains(rec.prompt, 'related guide item')
  H.contains(rec.formatted[1], rec.items[1].title)
  H.truthy(vim.startswith(H.current_line(), '#### '), 'cursor on a heading: ' .. H.current_line())
  H.eq(rec.choice.range.start.line + 1, vim.api.nvim_win_get_cursor(0)[1])
end)

H.test('note heading lens: Related entries that open their target', function()
  local buf = H.open('notes/lsm-notes.md')
  vim.api.nvim_set_current_buf(buf)
  local row = H.find(buf, '# My notes')
  local client = H.client(buf)
  local lenses
  H.wait(function()
    local resp = client:request_sync('textDocument/codeLens', { textDocument = vim.lsp.util.make_text_document_params(buf) }, 5000, buf)
    lenses = {}
    for _, l in ipairs((resp and resp.result) or {}) do
      if l.range.start.line == row then
        table.insert(lenses, l)
      end
    end
    return #lenses > 0
  end, 'Related lens on the note heading')
  H.truthy(vim.startswith(lenses[1].command.title, 'Related: '), lenses[1].command.title)
  H.eq('gloss.openRelated', lenses[1].command.command)
  local handler = vim.lsp.commands['gloss.openRelated']
  H.truthy(handler, 'no client-side handler for gloss.openRelated')
  handler(lenses[1].command, { client_id = client.id, bufnr = buf })
  H.wait(function()
    return H.current_file() == guide
  end, 'jump into the guide, at ' .. H.current_file())
  H.eq(lenses[1].command.arguments[2] + 1, vim.api.nvim_win_get_cursor(0)[1])
  H.truthy(vim.startswith(H.current_line(), '#### Q'), H.current_line())
end)

H.test(':checkhealth gloss says whether search is by meaning or lexical', function()
  H.open('notes/lsm-notes.md')
  vim.cmd('checkhealth gloss')
  H.log('')
  local text
  H.wait(function()
    for _, b in ipairs(vim.api.nvim_list_bufs()) do
      if vim.bo[b].filetype == 'checkhealth' then
        text = table.concat(vim.api.nvim_buf_get_lines(b, 0, -1, false), '\n')
        if text:find('search: ', 1, true) then
          return true
        end
      end
    end
  end, 'search line in the health report')
  local meaning = text:find('search: by meaning', 1, true)
  local lexical = text:find('search: lexical', 1, true)
  local pending = text:find('search: embedding', 1, true) or text:find('search: starting', 1, true)
  H.truthy(meaning or lexical or pending, text)
  if lexical then
    H.contains(text, 'gloss model fetch')
  end
end)

H.finish()
