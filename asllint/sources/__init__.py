"""Where state machines come from: which files a run lints (`discover`), reading a file into
plain data with positions (`load`, `yaml_reader`, `json_positions`, `embedded`), the records a
finder returns (`records`), and the containers that hold definitions, each a plugin behind the
`asllint_find_state_machines` hook (`plain`, `cloudformation` for CloudFormation and SAM,
`serverless`), run together by `locate`."""
