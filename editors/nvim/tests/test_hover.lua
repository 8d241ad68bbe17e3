-- Hover on guide terms in a note file returns the guide's definition.
local H = dofile(vim.fn.fnamemodify(debug.getinfo(1, 'S').source:sub(2), ':p:h') .. '/helpers.lua')
H.copy_workspace()

local buf
H.test('client attaches to a note', function()
  buf = H.open('notes/lsm-notes.md')
  H.eq('gloss', H.client(buf).name)
end)

H.test('hover (buf_request_sync) on "Write amplification" shows the definition', function()
  H.truthy(buf, 'note not open')
  H.cursor_on(buf, 'Write amplification', 3)
  local text = ''
  -- the server may still be indexing right after initialize: poll
  H.wait(function()
    text = H.hover_sync(buf)
    return text:lower():find('physically writes', 1, true) ~= nil
  end, 'hover with the write-amplification definition (last: ' .. vim.inspect(text) .. ')')
  H.contains(text, 'ratio of bytes')
end)

H.test('vim.lsp.buf.hover() opens a float with the definition', function()
  H.truthy(buf, 'note not open')
  vim.api.nvim_set_current_buf(buf)
  H.cursor_on(buf, 'Memtables', 2)
  vim.lsp.buf.hover()
  H.wait(function()
    return #H.floats() > 0
  end, 'hover float')
  local text = H.float_text()
  H.contains(text, 'in-memory sorted buffer')
end)

H.test('hover on an ordinary word is not a definition', function()
  vim.api.nvim_set_current_buf(buf)
  H.cursor_on(buf, 'clicked', 2)
  local text = H.hover_sync(buf)
  if text:lower():find('ratio of bytes', 1, true) or text:lower():find('in-memory sorted buffer', 1, true) then
    H.fail('hover on "clicked" returned a term definition: ' .. text)
  end
end)

H.test('hover after multi-byte text (UTF-16 positions) finds the term', function()
  local ubuf = H.open('notes/unicode.md')
  H.cursor_on(ubuf, 'memtable', 3)
  vim.lsp.buf.hover()
  H.wait(function()
    return H.float_text():lower():find('in-memory sorted buffer', 1, true) ~= nil
  end, 'hover float for memtable after emoji/CJK text (got ' .. vim.inspect(H.float_text()) .. ')')
end)

H.finish()
