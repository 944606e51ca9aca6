; A channel made with make(chan T) or make(chan T, cap): the rule reads the
; declaration around it and decides whether its range loops are ever released.
(call_expression
  function: (identifier) @make
  arguments: (argument_list . (channel_type))
  (#eq? @make "make")) @target
