Attribute VB_Name = "WtOnlineMarks"
Option Explicit

' Applies the portal's answer (the JSON of POST /api/validate, the same as
' `workbook-tools validate --format json`) to the open workbook: every finding
' with a sheet and cell colours that cell by severity (error over explain over
' advice) and adds a comment; all findings are listed on a result sheet; the
' counts go to WT_STATUS_CELL when the template has it.
' Kept apart from the transport (WtOnlineSend) so LibreOffice can run it on a
' canned answer in the tests. No Declare statements, no references; the source
' stays ASCII-only (Chinese text is built from UTF-16 code units).

Private Const HEX_DIGITS As String = "0123456789ABCDEF"

Private mText As String
Private mPos As Long
Private mCount As Long
Private mSheets() As String
Private mCells() As String
Private mSeverities() As String
Private mMessages() As String

' "5728 7EBF" -> the characters U+5728 U+7EBF.
Public Function WtOnlineText(ByVal codes As String) As String
    Dim parts() As String, i As Long, result As String
    parts = Split(Trim$(codes), " ")
    For i = LBound(parts) To UBound(parts)
        If Len(parts(i)) > 0 Then result = result & ChrW(HexNumber(parts(i)))
    Next i
    WtOnlineText = result
End Function

Private Function HexNumber(ByVal digits As String) As Long
    Dim i As Long, acc As Long
    For i = 1 To Len(digits)
        acc = acc * 16 + InStr(1, HEX_DIGITS, UCase$(Mid$(digits, i, 1))) - 1
    Next i
    HexNumber = acc
End Function

' Marks the workbook from an answer; returns how many findings it held.
Public Function WtApplyAnswer(ByVal answer As String) As Long
    Dim n As Long, pass As Long, i As Long, target As Range
    n = WtParseFindings(answer)
    WriteResultSheet n
    ' Three passes, mildest first, so a cell ends in the colour of its worst finding.
    For pass = 3 To 1 Step -1
        For i = 1 To n
            If SeverityRank(mSeverities(i)) = pass Then
                Set target = FindingCell(mSheets(i), mCells(i))
                If Not target Is Nothing Then target.Interior.Color = SeverityColor(mSeverities(i))
            End If
        Next i
    Next pass
    For i = 1 To n
        Set target = FindingCell(mSheets(i), mCells(i))
        If Not target Is Nothing Then AddNote target, SeverityLabel(mSeverities(i)) & ": " & mMessages(i)
    Next i
    WriteStatus
    WtApplyAnswer = n
End Function

' Parses the answer; the findings are then in the module's arrays (1-based).
Public Function WtParseFindings(ByVal answer As String) As Long
    mText = answer
    mPos = 1
    mCount = 0
    ReDim mSheets(0 To 0)
    ReDim mCells(0 To 0)
    ReDim mSeverities(0 To 0)
    ReDim mMessages(0 To 0)
    ParseValue
    WtParseFindings = mCount
End Function

' The parsed finding number i as "severity|sheet|cell|message" (for checks).
Public Function WtFinding(ByVal i As Long) As String
    WtFinding = mSeverities(i) & "|" & mSheets(i) & "|" & mCells(i) & "|" & mMessages(i)
End Function

Private Sub AddFinding(ByVal sheetName As String, ByVal cellRef As String, ByVal severity As String, _
                       ByVal message As String)
    mCount = mCount + 1
    ReDim Preserve mSheets(0 To mCount)
    ReDim Preserve mCells(0 To mCount)
    ReDim Preserve mSeverities(0 To mCount)
    ReDim Preserve mMessages(0 To mCount)
    mSheets(mCount) = sheetName
    mCells(mCount) = cellRef
    mSeverities(mCount) = severity
    mMessages(mCount) = message
End Sub

' --- a small JSON reader: objects with "code" and "severity" are findings ---

Private Function Peek() As String
    If mPos > Len(mText) Then Err.Raise 5
    Peek = Mid$(mText, mPos, 1)
End Function

Private Sub SkipSpace()
    Do While mPos <= Len(mText)
        Select Case AscW(Mid$(mText, mPos, 1))
            Case 32, 9, 10, 13
                mPos = mPos + 1
            Case Else
                Exit Do
        End Select
    Loop
End Sub

Private Function ParseValue() As String
    Dim ch As String
    SkipSpace
    ch = Peek()
    If ch = "{" Then
        ParseObject
    ElseIf ch = "[" Then
        ParseArray
    ElseIf ch = Chr$(34) Then
        ParseValue = ParseString()
    Else
        ParseValue = ParseLiteral()
    End If
End Function

Private Sub ParseObject()
    Dim key As String, value As String, ch As String
    Dim code As String, severity As String, sheetName As String, cellRef As String, message As String
    mPos = mPos + 1
    SkipSpace
    If Peek() = "}" Then
        mPos = mPos + 1
        Exit Sub
    End If
    Do
        SkipSpace
        key = ParseString()
        SkipSpace
        If Peek() <> ":" Then Err.Raise 5
        mPos = mPos + 1
        value = ParseValue()
        Select Case key
            Case "code": code = value
            Case "severity": severity = value
            Case "sheet": sheetName = value
            Case "cell": cellRef = value
            Case "message": message = value
        End Select
        SkipSpace
        ch = Peek()
        mPos = mPos + 1
        If ch = "}" Then Exit Do
        If ch <> "," Then Err.Raise 5
    Loop
    If Len(code) > 0 And Len(severity) > 0 Then AddFinding sheetName, cellRef, severity, message
End Sub

Private Sub ParseArray()
    Dim ch As String
    mPos = mPos + 1
    SkipSpace
    If Peek() = "]" Then
        mPos = mPos + 1
        Exit Sub
    End If
    Do
        ParseValue
        SkipSpace
        ch = Peek()
        mPos = mPos + 1
        If ch = "]" Then Exit Do
        If ch <> "," Then Err.Raise 5
    Loop
End Sub

Private Function ParseString() As String
    Dim result As String, ch As String, escaped As String
    If Peek() <> Chr$(34) Then Err.Raise 5
    mPos = mPos + 1
    Do
        ch = Peek()
        If ch = Chr$(34) Then
            mPos = mPos + 1
            ParseString = result
            Exit Function
        End If
        If ch = "\" Then
            escaped = Mid$(mText, mPos + 1, 1)
            Select Case escaped
                Case "n": result = result & vbLf
                Case "r": result = result & vbCr
                Case "t": result = result & vbTab
                Case "b", "f"
                Case "u"
                    result = result & ChrW(HexNumber(Mid$(mText, mPos + 2, 4)))
                    mPos = mPos + 4
                Case Else: result = result & escaped
            End Select
            mPos = mPos + 2
        Else
            result = result & ch
            mPos = mPos + 1
        End If
    Loop
End Function

' A number, true, false or null, as its text ("" for null).
Private Function ParseLiteral() As String
    Dim start As Long, ch As String
    start = mPos
    Do While mPos <= Len(mText)
        ch = Mid$(mText, mPos, 1)
        If ch = "," Or ch = "}" Or ch = "]" Or ch = " " Or ch = vbLf Or ch = vbCr Or ch = vbTab Then Exit Do
        mPos = mPos + 1
    Loop
    If mPos = start Then Err.Raise 5
    ParseLiteral = Mid$(mText, start, mPos - start)
    If ParseLiteral = "null" Then ParseLiteral = ""
End Function

' --- marks ---

Private Function SeverityRank(ByVal severity As String) As Long
    Select Case severity
        Case "error": SeverityRank = 1
        Case "explain": SeverityRank = 2
        Case Else: SeverityRank = 3
    End Select
End Function

' The fills of the annotated copies (validate/marks.py FILLS), as BGR colour numbers.
Private Function SeverityColor(ByVal severity As String) As Long
    Select Case severity
        Case "error": SeverityColor = RGB(255, 199, 206)
        Case "explain": SeverityColor = RGB(255, 208, 138)
        Case Else: SeverityColor = RGB(221, 235, 247)
    End Select
End Function

Private Function SeverityLabel(ByVal severity As String) As String
    Select Case severity
        Case "error": SeverityLabel = WtOnlineText("9519 8BEF")
        Case "explain": SeverityLabel = WtOnlineText("9700 8BF4 660E")
        Case Else: SeverityLabel = WtOnlineText("63D0 793A")
    End Select
End Function

' The cell of a finding, or Nothing when the sheet or address is not in this workbook.
Private Function FindingCell(ByVal sheetName As String, ByVal cellRef As String) As Range
    If Len(sheetName) = 0 Or Len(cellRef) = 0 Then Exit Function
    On Error Resume Next
    Set FindingCell = ThisWorkbook.Worksheets(sheetName).Range(cellRef)
    If Err.Number <> 0 Then Set FindingCell = Nothing
    Err.Clear
    On Error GoTo 0
End Function

Private Sub AddNote(ByVal target As Range, ByVal note As String)
    Dim before As String
    On Error Resume Next
    If Not target.Comment Is Nothing Then
        before = target.Comment.Text
        target.Comment.Delete
    End If
    If Len(before) > 0 Then note = before & vbLf & note
    target.AddComment note
    Err.Clear
    On Error GoTo 0
End Sub

Private Sub WriteResultSheet(ByVal n As Long)
    Dim ws As Worksheet, title As String, i As Long
    title = WtOnlineText("5728 7EBF 6821 9A8C 7ED3 679C")
    On Error Resume Next
    Set ws = ThisWorkbook.Worksheets(title)
    Err.Clear
    On Error GoTo 0
    If ws Is Nothing Then
        Set ws = ThisWorkbook.Worksheets.Add(, ThisWorkbook.Worksheets(ThisWorkbook.Worksheets.Count))
        ws.Name = title
    Else
        ws.Cells.ClearContents
    End If
    ws.Range("A1").Value = WtOnlineText("5DE5 4F5C 8868")
    ws.Range("B1").Value = WtOnlineText("5355 5143 683C")
    ws.Range("C1").Value = WtOnlineText("4E25 91CD 7A0B 5EA6")
    ws.Range("D1").Value = WtOnlineText("95EE 9898")
    For i = 1 To n
        ' Text cells only: nothing from the answer may become a formula here.
        ws.Cells(i + 1, 1).NumberFormat = "@"
        ws.Cells(i + 1, 4).NumberFormat = "@"
        ws.Cells(i + 1, 1).Value = mSheets(i)
        ws.Cells(i + 1, 2).Value = mCells(i)
        ws.Cells(i + 1, 3).Value = SeverityLabel(mSeverities(i))
        ws.Cells(i + 1, 4).Value = mMessages(i)
    Next i
End Sub

Private Sub WriteStatus()
    Dim counts(1 To 3) As Long, i As Long, status As Range, text As String
    For i = 1 To mCount
        counts(SeverityRank(mSeverities(i))) = counts(SeverityRank(mSeverities(i))) + 1
    Next i
    text = WtOnlineText("5728 7EBF 6821 9A8C FF1A 9519 8BEF 0020") & CStr(counts(1)) & _
        WtOnlineText("0020 6761 FF0C 9700 8BF4 660E 0020") & CStr(counts(2)) & _
        WtOnlineText("0020 6761 FF0C 63D0 793A 0020") & CStr(counts(3)) & WtOnlineText("0020 6761 3002")
    On Error Resume Next
    Set status = ThisWorkbook.Names("WT_STATUS_CELL").RefersToRange
    Err.Clear
    On Error GoTo 0
    If Not status Is Nothing Then status.Value = text
End Sub
