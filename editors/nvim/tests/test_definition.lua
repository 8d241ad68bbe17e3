-- Go to definition on §N.M / Part N QM references jumps to the guide heading.
local H = dofile(vim.fn.fnamemodify(debug.getinfo(1, 'S').source:sub(2), ':p:h') .. '/helpers.lua')
H.copy_workspace()

local guide = H.ws .. '/guides/STORAGE_ENGINES.md'

local function goto_def(note, needle, offset, heading)
  local buf = H.open(note)
  vim.api.nvim_set_current_buf(buf)
  H.cursor_on(buf, needle, offset)
  -- retry: the first request may come before the server finished indexing
  local deadline = vim.uv.now() + H.timeout
  repeat
    vim.lsp.buf.definition()
    local ok = vim.wait(1500, function()
      return H.current_file() == guide and vim.startswith(H.current_line(), heading)
    end, 50)
    if ok then
      return
    end
  until vim.uv.now() > deadline
  H.fail(('definition of %q: expected %s at a line starting %q, got %s line %d: %q'):format(
    needle, guide, heading, H.current_file(), vim.api.nvim_win_get_cursor(0)[1], H.current_line()))
end

H.test('§1.3 jumps to "### 1.3 Log-structured storage"', function()
  goto_def('notes/lsm-notes.md', '§1.3', 2, '### 1.3 Log-structured storage')
end)

H.test('Part 1 Q2 jumps to the Part 1 Q2 heading', function()
  goto_def('notes/lsm-notes.md', 'Part 1 Q2', 5, '#### Q2. Why does a database write to the WAL')
end)

H.test('§2.5 Q3 jumps to the Part 2 Q3 heading', function()
  goto_def('notes/lsm-notes.md', '§2.5 Q3', 3, '#### Q3. What is a covering index?')
end)

H.test('§2.3 after emoji/CJK text (UTF-16 positions) jumps to "### 2.3 Bloom filters"', function()
  goto_def('notes/unicode.md', '§2.3', 3, '### 2.3 Bloom filters')
end)

H.finish()
