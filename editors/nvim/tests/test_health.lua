-- :checkhealth gloss runs cleanly and reports the guide.
local H = dofile(vim.fn.fnamemodify(debug.getinfo(1, 'S').source:sub(2), ':p:h') .. '/helpers.lua')
H.copy_workspace()

H.test(':checkhealth gloss reports binary, version and the guide', function()
  H.open('notes/lsm-notes.md')
  vim.cmd('checkhealth gloss')
  H.log('') -- checkhealth echoes "Running healthchecks..." without a newline
  local text
  H.wait(function()
    for _, b in ipairs(vim.api.nvim_list_bufs()) do
      if vim.bo[b].filetype == 'checkhealth' then
        text = table.concat(vim.api.nvim_buf_get_lines(b, 0, -1, false), '\n')
        if text:find('gloss', 1, true) then
          return true
        end
      end
    end
  end, 'checkhealth buffer')
  if text:find('Failed to run healthcheck', 1, true) then
    H.fail('health check raised a Lua error:\n' .. text)
  end
  H.contains(text, 'binary found')
  H.contains(text, vim.env.GLOSS_BIN)
  H.contains(text, '`gloss --version`: gloss ')
  H.contains(text, 'guides/STORAGE_ENGINES.md')
  if vim.env.GLOSS_TEST_VERBOSE == '1' then
    H.log(text)
  end
  if text:find('ERROR', 1, true) then
    H.fail('health report has errors:\n' .. text)
  end
end)

H.finish()
